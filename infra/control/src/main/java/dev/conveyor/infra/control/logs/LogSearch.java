package dev.conveyor.infra.control.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the shipped logs back ({@code logs-conveyor-*}), as an operator does in Kibana: for tests and the end-to-end
 * suite. Documents are searchable about a second after they are stored (the engine's refresh interval).
 */
public final class LogSearch {

    private static final List<Map<String, Object>> OLDEST_FIRST = List.of(
            Map.of("@timestamp", Map.of("order", "asc")),
            Map.of("log.offset", Map.of("order", "asc", "unmapped_type", "long")));

    private final URI search;
    private final URI refresh;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public LogSearch(String engineUrl) {
        this.search = URI.create(engineUrl + "/logs-conveyor-*/_search");
        this.refresh = URI.create(engineUrl + "/logs-conveyor-*/_refresh");
    }

    /** Makes everything stored so far searchable now, instead of within the engine's refresh interval. */
    public void refresh() {
        send(HttpRequest.newBuilder(refresh).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Lines whose keyword field (e.g. {@code labels.run_id}, {@code trace.id}) is exactly {@code value}. */
    public List<Map<String, Object>> withField(String field, String value) {
        return search(Map.of("term", Map.of(field, value)));
    }

    /** Lines matching a query of the engine's query DSL, oldest first (up to 10,000); each is its stored fields. */
    public List<Map<String, Object>> search(Map<String, Object> query) {
        String body = Json.write(Map.of("size", 10_000, "query", query, "sort", OLDEST_FIRST));
        return sources(Json.parseObject(send(HttpRequest.newBuilder(search)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build())));
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Log search engine answered " + request.uri() + " with "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach the log search engine at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while querying the log search engine", e);
        }
    }

    /** A field of a found line, whether stored dotted ({@code "trace.id"}) or nested ({@code "trace":{"id"}}). */
    public static Object field(Map<String, Object> line, String path) {
        return FieldPaths.get(line, path);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sources(Map<String, Object> answer) {
        List<Map<String, Object>> sources = new ArrayList<>();
        Map<String, Object> hits = (Map<String, Object>) answer.get("hits");
        for (Object hit : (List<Object>) hits.get("hits")) {
            sources.add((Map<String, Object>) ((Map<String, Object>) hit).get("_source"));
        }
        return sources;
    }
}
