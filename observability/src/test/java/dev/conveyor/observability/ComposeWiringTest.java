package dev.conveyor.observability;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** compose/compose.observability.yaml mounts this module's folders where the tools look for them. */
class ComposeWiringTest {

    // - ../observability/<source>:<target>[:ro]
    private static final Pattern MOUNT = Pattern.compile("-\\s+\\.\\./observability/([^:\\s]+):([^:\\s]+)");

    private final Map<String, String> mounts = mounts();

    @Test
    void everyMountedFolderExists() {
        assertThat(mounts).isNotEmpty();
        mounts.keySet().forEach(source -> assertThat(Observability.path(source)).as(source).isDirectory());
    }

    @Test
    void everyToolGetsItsConfiguration() {
        assertThat(mounts).containsEntry("prometheus", "/etc/prometheus")
                .containsEntry("alertmanager", "/etc/alertmanager")
                .containsEntry("otel-collector", "/etc/otelcol-contrib")
                .containsEntry("filebeat", "/etc/filebeat")
                .containsEntry("grafana/provisioning", "/etc/grafana/provisioning")
                .containsKeys("kibana", "elasticsearch");
    }

    @Test
    void grafanaLoadsDashboardsFromWhereTheyAreMounted() {
        String providerPath = Observability.yaml(Observability.path("grafana/provisioning/dashboards/dashboards.yml"))
                .path("providers").path(0).path("options").path("path").asText();

        assertThat(mounts).containsEntry(PromQlCatalog.DASHBOARDS, providerPath);
    }

    @Test
    void prometheusLoadsEveryRuleFile() {
        assertThat(Observability.yaml(Observability.path("prometheus/prometheus.yml")).path("rule_files").path(0).asText())
                .isEqualTo(Path.of(PromQlCatalog.RULES).getFileName() + "/*.yml");
    }

    private static Map<String, String> mounts() {
        Path compose = Observability.repositoryRoot().resolve("compose/compose.observability.yaml");
        Matcher mount = MOUNT.matcher(Observability.text(compose));
        Map<String, String> mounts = new TreeMap<>();
        while (mount.find()) {
            mounts.put(mount.group(1), mount.group(2));
        }
        return mounts;
    }
}
