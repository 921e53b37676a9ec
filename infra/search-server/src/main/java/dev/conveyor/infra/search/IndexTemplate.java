package dev.conveyor.infra.search;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;

/**
 * A composable index template from the file compose applies to Elasticsearch
 * ({@code observability/elasticsearch/index-template-logs-conveyor.json}), so both engines get the same mappings.
 *
 * @param name template name, as in {@code PUT _index_template/<name>}
 * @param file the template's JSON body
 */
record IndexTemplate(String name, Path file) {

    /** Elasticsearch's ILM settings, which OpenSearch rejects as unknown; OpenSearch keeps the indices forever. */
    private static final String ELASTICSEARCH_ONLY_SETTINGS = "index.lifecycle.";

    /** {@code name=path/to/template.json}. */
    static IndexTemplate parse(String option) {
        int eq = option.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--index-template must be name=file.json, got " + option);
        }
        return new IndexTemplate(option.substring(0, eq), Path.of(option.substring(eq + 1)));
    }

    void install(String engineUrl) throws IOException, InterruptedException {
        HttpRequest put = HttpRequest.newBuilder(URI.create(engineUrl + "/_index_template/" + name))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(forOpenSearch()))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(put, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Installing index template " + name + " from " + file + " failed with "
                        + response.statusCode() + ": " + response.body());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private String forOpenSearch() throws IOException {
        Map<String, Object> body = XContentHelper.convertToMap(JsonXContent.jsonXContent, Files.readString(file), true);
        if (body.get("template") instanceof Map<?, ?> template
                && template.get("settings") instanceof Map<?, ?> settings) {
            Settings kept = Settings.builder().loadFromMap((Map<String, ?>) settings).build()
                    .filter(key -> !key.startsWith(ELASTICSEARCH_ONLY_SETTINGS));
            Map<String, Object> flat = new LinkedHashMap<>();
            kept.keySet().forEach(key -> flat.put(key, kept.get(key)));
            ((Map<String, Object>) template).put("settings", flat);
        }
        return BytesReference.bytes(XContentFactory.jsonBuilder().map(body)).utf8ToString();
    }
}
