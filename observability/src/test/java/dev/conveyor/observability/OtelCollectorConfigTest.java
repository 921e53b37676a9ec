package dev.conveyor.observability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** otel-collector/config.yaml: a pipeline per signal, each built from declared components. */
class OtelCollectorConfigTest {

    private final JsonNode config = Observability.yaml(Observability.path("otel-collector/config.yaml"));

    @ParameterizedTest
    @ValueSource(strings = {"traces", "metrics", "logs"})
    void everySignalHasAPipelineOfDeclaredComponents(String signal) {
        JsonNode pipeline = config.path("service").path("pipelines").path(signal);

        assertThat(pipeline.isObject()).as(signal + " pipeline").isTrue();
        for (String kind : new String[] {"receivers", "processors", "exporters"}) {
            for (JsonNode component : pipeline.path(kind)) {
                assertThat(config.path(kind).has(component.asText())).as(signal + " " + kind + " " + component).isTrue();
            }
        }
        assertThat(pipeline.path("receivers")).as(signal).isNotEmpty();
        assertThat(pipeline.path("exporters")).as(signal).isNotEmpty();
        // Refusing data under memory pressure only works before anything else buffers it.
        assertThat(pipeline.path("processors").path(0).asText()).as(signal).isEqualTo("memory_limiter");
    }

    @Test
    void logsGoToTheConveyorDataStreamsWithEcsFields() {
        JsonNode logs = config.path("service").path("pipelines").path("logs");
        JsonNode elasticsearch = config.path("exporters").path("elasticsearch");

        assertThat(logs.path("exporters")).extracting(JsonNode::asText).contains("elasticsearch");
        assertThat(elasticsearch.path("mapping").path("mode").asText()).isEqualTo("ecs");
        // Static logs_index would win over the per-service routing; logstash_format would add a date to the name.
        assertThat(elasticsearch.has("logs_index")).isFalse();
        assertThat(elasticsearch.has("logstash_format")).isFalse();
        String statements = transformStatements("transform/conveyor-logs");
        String prefix = LogIndexTemplateTest.indexPattern().replace("-*", "");
        assertThat(statements).contains("set(attributes[\"elasticsearch.index\"], Concat([\"" + prefix + "\"");
        for (String label : new String[] {"run_id", "task_id", "user_id"}) {
            assertThat(statements).contains("set(attributes[\"labels." + label + "\"], attributes[\"" + label + "\"])");
        }
    }

    private String transformStatements(String processor) {
        StringBuilder statements = new StringBuilder();
        for (JsonNode group : config.path("processors").path(processor).path("log_statements")) {
            group.path("statements").forEach(statement -> statements.append(statement.asText()).append('\n'));
        }
        return statements.toString();
    }

    @Test
    void theOtlpMetricsEndpointIsScraped() {
        String endpoint = config.path("exporters").path("prometheus").path("endpoint").asText();
        String port = endpoint.substring(endpoint.lastIndexOf(':') + 1);

        assertThat(Observability.text(Observability.path("prometheus/prometheus.yml")))
                .contains("otel-collector:" + port);
    }
}
