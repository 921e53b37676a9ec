package dev.conveyor.observability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** grafana/provisioning: the three datasources the dashboards and links refer to by uid. */
class GrafanaProvisioningTest {

    private static final Path DATASOURCES = Observability.path("grafana/provisioning/datasources/datasources.yml");
    // Grafana runs every provisioned value through os.ExpandEnv: ${__value.raw} would become "" unless written $${...}.
    private static final Pattern UNESCAPED_GRAFANA_VARIABLE = Pattern.compile("(?<!\\$)\\$\\{__");

    private final Map<String, JsonNode> byUid = new HashMap<>();

    GrafanaProvisioningTest() {
        Observability.yaml(DATASOURCES).path("datasources")
                .forEach(datasource -> byUid.put(datasource.path("uid").asText(), datasource));
    }

    @Test
    void prometheusForMetricsElasticsearchForLogsJaegerForTraces() {
        assertThat(byUid).containsOnlyKeys("prometheus", "elasticsearch", "jaeger");
        byUid.forEach((uid, datasource) -> assertThat(datasource.path("type").asText()).isEqualTo(uid));
        assertThat(byUid.get("prometheus").path("isDefault").asBoolean()).isTrue();
        assertThat(byUid.get("elasticsearch").path("jsonData").path("timeField").asText()).isEqualTo("@timestamp");
    }

    @Test
    void logsAndTracesLinkToEachOther() {
        assertThat(byUid.get("elasticsearch").path("jsonData").path("dataLinks").path(0).path("datasourceUid").asText())
                .isEqualTo("jaeger");
        assertThat(byUid.get("jaeger").path("jsonData").path("tracesToLogsV2").path("datasourceUid").asText())
                .isEqualTo("elasticsearch");
    }

    @Test
    void grafanaVariablesAreEscapedFromEnvironmentExpansion() {
        String uncommented = Observability.text(DATASOURCES).lines()
                .filter(line -> !line.stripLeading().startsWith("#"))
                .reduce("", (text, line) -> text + line + "\n");

        assertThat(UNESCAPED_GRAFANA_VARIABLE.matcher(uncommented).find()).as(uncommented).isFalse();
        assertThat(uncommented).contains("$${__value.raw}").contains("$${__trace.traceId}");
    }
}
