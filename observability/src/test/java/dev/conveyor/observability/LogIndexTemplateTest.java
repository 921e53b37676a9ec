package dev.conveyor.observability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** elasticsearch/: the index template makes the log data streams, with the contract's mappings, under the ILM policy. */
class LogIndexTemplateTest {

    private static final Path TEMPLATE = Observability.path("elasticsearch/index-template-logs-conveyor.json");
    private static final Path POLICY = Observability.path("elasticsearch/ilm-policy-conveyor-logs.json");

    static String indexPattern() {
        JsonNode patterns = Observability.json(TEMPLATE).path("index_patterns");
        assertThat(patterns).hasSize(1);
        return patterns.path(0).asText();
    }

    @Test
    void templateMakesLogsConveyorDataStreamsThatWinOverTheBuiltInLogsTemplate() {
        JsonNode template = Observability.json(TEMPLATE);

        assertThat(indexPattern()).isEqualTo("logs-conveyor-*");
        assertThat(template.path("data_stream").isObject()).isTrue();
        // Elasticsearch's own logs-*-* template has priority 100; overlapping templates must not tie.
        assertThat(template.path("priority").asInt()).isGreaterThan(100);
    }

    @Test
    void templateAppliesTheConveyorLogsPolicy() {
        JsonNode settings = Observability.json(TEMPLATE).path("template").path("settings");

        assertThat(settings.path("index.lifecycle.name").asText()).isEqualTo("conveyor-logs");
        assertThat(POLICY.getFileName().toString()).isEqualTo("ilm-policy-conveyor-logs.json");
    }

    @Test
    void templateMapsEveryContractField() {
        JsonNode properties = Observability.json(TEMPLATE).path("template").path("mappings").path("properties");

        for (String field : LogContract.fields()) {
            JsonNode mapping = properties;
            String[] parts = field.split("\\.");
            for (int i = 0; i < parts.length; i++) {
                mapping = mapping.path(parts[i]);
                if (i < parts.length - 1) {
                    mapping = mapping.path("properties");
                }
            }
            assertThat(mapping.path("type").asText()).as(field)
                    .isIn("date", "date_nanos", "keyword", "match_only_text", "text");
        }
    }

    @Test
    void policyRollsOverAndDeletesAfterTheRetentionLogsMdStates() {
        JsonNode phases = Observability.json(POLICY).path("policy").path("phases");
        String deleteAfter = phases.path("delete").path("min_age").asText();

        assertThat(phases.path("hot").path("actions").path("rollover").path("max_age").asText()).isNotBlank();
        assertThat(phases.path("delete").path("actions").has("delete")).isTrue();
        assertThat(deleteAfter).matches("\\d+d");
        assertThat(Observability.text(Observability.path("LOGS.md")))
                .contains("deletes a backing index " + deleteAfter.replace("d", " days") + " after its rollover");
    }
}
