package dev.conveyor.observability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * otel-collector/config.yaml: a pipeline for traces and one for metrics, each built from declared components, and none
 * for logs, which Filebeat ships from the services' stdout (LOGS.md).
 */
class OtelCollectorConfigTest {

    private final JsonNode config = Observability.yaml(Observability.path("otel-collector/config.yaml"));

    @ParameterizedTest
    @ValueSource(strings = {"traces", "metrics"})
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
    void logsDoNotGoThroughTheCollector() {
        assertThat(config.path("service").path("pipelines").has("logs")).isFalse();
        assertThat(config.path("exporters").has("elasticsearch")).isFalse();
    }

    @Test
    void theOtlpMetricsEndpointIsScraped() {
        String endpoint = config.path("exporters").path("prometheus").path("endpoint").asText();
        String port = endpoint.substring(endpoint.lastIndexOf(':') + 1);

        assertThat(Observability.text(Observability.path("prometheus/prometheus.yml")))
                .contains("otel-collector:" + port);
    }
}
