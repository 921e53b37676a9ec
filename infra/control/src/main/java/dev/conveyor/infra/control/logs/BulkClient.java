package dev.conveyor.infra.control.logs;

import dev.conveyor.infra.control.logs.LogLine.Document;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bulk API of Elasticsearch and OpenSearch over the JDK's HTTP client. Documents are sent with {@code create}:
 * a document whose id is already stored answers 409 and stays as it was, so sending a batch twice stores it once
 * (and {@code create} is the only operation data streams accept).
 */
final class BulkClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Only what the shipper reads from the answer, which otherwise repeats index and shard details per document. */
    private static final String FILTER = "?filter_path=items.*.status,items.*.error.type,items.*.error.reason";

    private final URI bulk;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    BulkClient(String engineUrl) {
        this.bulk = URI.create(engineUrl + "/_bulk" + FILTER);
    }

    /**
     * Sends the documents in one request and returns each one's outcome, in order.
     *
     * @throws IOException when the engine cannot be reached or refuses the request as a whole
     */
    List<Outcome> send(List<Document> documents) throws IOException {
        StringBuilder body = new StringBuilder();
        for (Document document : documents) {
            body.append(Json.write(Map.of("create", Map.of("_index", document.index(), "_id", document.id()))))
                    .append('\n').append(document.source()).append('\n');
        }
        HttpRequest request = HttpRequest.newBuilder(bulk)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while sending logs");
        }
        if (response.statusCode() != 200) {
            throw new IOException("bulk request answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return outcomes(response.body(), documents.size());
    }

    private static List<Outcome> outcomes(String body, int expected) throws IOException {
        Map<String, Object> answer;
        try {
            answer = Json.parseObject(body);
        } catch (IllegalArgumentException e) {
            throw new IOException("bulk answer is not JSON: " + abbreviate(body), e);
        }
        if (!(answer.get("items") instanceof List<?> items) || items.size() != expected) {
            throw new IOException("bulk answer does not list the " + expected + " documents sent: " + abbreviate(body));
        }
        List<Outcome> outcomes = new ArrayList<>(items.size());
        for (Object item : items) {
            Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) item).values().iterator().next();
            int status = ((Number) result.get("status")).intValue();
            String error = result.get("error") instanceof Map<?, ?> e ? e.get("type") + ": " + e.get("reason") : "";
            outcomes.add(new Outcome(status, error));
        }
        return outcomes;
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * What the engine did with one document.
     *
     * @param status HTTP-like status: 201 stored, 409 already stored, 429 or 5xx try again, other 4xx refused
     * @param error  the engine's reason when it did not store it
     */
    record Outcome(int status, String error) {

        boolean stored() {
            return status / 100 == 2 || status == 409;
        }

        boolean retryable() {
            return status == 429 || status >= 500;
        }
    }
}
