package dev.conveyor.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboards: shape, datasources, and PromQL that parses and uses only the metrics contract. */
class DashboardsTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");
    private static final Pattern LABEL_VALUES_METRIC = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private final List<PromQlQuery> panelQueries = PromQlCatalog.load(Observability.dir())
            .queries(PromQlQuery.Kind.DASHBOARD_PANEL);

    @Test
    void theDashboardsCoverServicesRunsKafkaAndTheJvm() {
        assertThat(Observability.dashboards()).extracting(file -> file.getFileName().toString())
                .contains("conveyor-services.json", "conveyor-runs.json", "conveyor-kafka.json", "conveyor-jvm.json");
    }

    @Test
    void dashboardsHaveUniqueUidsAndTitlesAndNoFixedId() {
        List<JsonNode> dashboards = Observability.dashboards().stream().map(Observability::json).toList();

        assertThat(dashboards).extracting(dashboard -> dashboard.path("uid").asText()).doesNotHaveDuplicates()
                .allSatisfy(uid -> assertThat(uid).matches("[a-z0-9-]{1,40}"));
        assertThat(dashboards).extracting(dashboard -> dashboard.path("title").asText()).doesNotHaveDuplicates()
                .allSatisfy(title -> assertThat(title).startsWith("Conveyor / "));
        // Provisioning assigns the numeric id; a fixed one would clash across Grafana instances.
        assertThat(dashboards).allSatisfy(dashboard -> assertThat(dashboard.path("id").isMissingNode()).isTrue());
    }

    @Test
    void panelIdsAreUniqueWithinEachDashboard() {
        for (Path file : Observability.dashboards()) {
            List<Integer> ids = panels(Observability.json(file)).stream().map(panel -> panel.path("id").asInt()).toList();

            assertThat(ids).as(file.getFileName().toString()).doesNotHaveDuplicates().doesNotContain(0);
        }
    }

    @Test
    void everyPanelHasAProvisionedDatasourceAndAPromQlTarget() {
        Set<String> provisioned = provisionedDatasourceUids();
        for (Path file : Observability.dashboards()) {
            // Rows only group panels: they have no query of their own.
            for (JsonNode panel : panels(Observability.json(file)).stream().filter(panel -> !isRow(panel)).toList()) {
                String where = file.getFileName() + " › panel " + panel.path("id") + " " + panel.path("title");
                assertThat(panel.path("datasource").path("uid").asText()).as(where).isIn(provisioned);
                assertThat(panel.path("targets")).as(where).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asText()).as(where + " ref " + target.path("refId")).isNotBlank();
                    assertThat(target.path("refId").asText()).as(where).isNotBlank();
                    if (target.has("datasource")) {
                        assertThat(target.path("datasource").path("uid").asText()).as(where).isIn(provisioned);
                    }
                }
            }
        }
    }

    @Test
    void templateVariablesQueryAProvisionedDatasourceAboutContractMetrics() {
        Set<String> provisioned = provisionedDatasourceUids();
        Set<String> contract = MetricsContract.names();
        for (Path file : Observability.dashboards()) {
            for (JsonNode variable : Observability.json(file).path("templating").path("list")) {
                String where = file.getFileName() + " › $" + variable.path("name").asText();
                assertThat(variable.path("datasource").path("uid").asText()).as(where).isIn(provisioned);
                Matcher metric = LABEL_VALUES_METRIC.matcher(variable.path("definition").asText());
                assertThat(metric.find()).as(where + " uses label_values(metric, label)").isTrue();
                assertThat(metric.group(1)).as(where).isIn(contract);
                // PromQlCatalog evaluates panels with every variable at its "All" value.
                assertThat(variable.path("includeAll").asBoolean()).as(where).isTrue();
                assertThat(variable.path("allValue").asText()).as(where).isEqualTo(".*");
            }
        }
    }

    // A variable holds a regex ("All" is .*, several values are a|b): it only makes sense after =~ or !~.
    @Test
    void dashboardVariablesAreUsedOnlyInRegexMatchers() {
        for (PromQlQuery query : panelQueries) {
            Matcher variable = VARIABLE.matcher(query.expr());
            while (variable.find()) {
                if (GrafanaVariables.BUILT_IN.containsKey(variable.group(1))) {
                    continue;
                }
                String before = query.expr().substring(0, variable.start());
                assertThat(before).as(query.origin()).matches("(?s).*[=!]~\\s*\"");
            }
        }
    }

    @Test
    void everyPanelExpressionParses(@TempDir Path tmp) throws IOException {
        Path rules = tmp.resolve("dashboard-expressions.yml");
        ObjectNode file = Observability.YAML.createObjectNode();
        ObjectNode group = file.putArray("groups").addObject().put("name", "dashboard-expressions");
        ArrayNode asRules = group.putArray("rules");
        // A recording rule per expression: promtool then reports any that does not parse, with its record name.
        for (int i = 0; i < panelQueries.size(); i++) {
            asRules.addObject().put("record", "dashboard_expression_" + i).put("expr", panelQueries.get(i).evaluable());
        }
        Observability.YAML.writeValue(rules.toFile(), file);

        Tool.Result check = Tool.PROMTOOL.run(tmp, "check", "rules", rules.getFileName().toString());

        assertThat(check.exitCode()).as(describeFailures(check.output())).isZero();
        assertThat(check.output()).contains("SUCCESS: " + panelQueries.size() + " rules found");
    }

    @Test
    void panelExpressionsUseOnlyContractMetricsAndRecordingRules() {
        Set<String> allowed = new HashSet<>(MetricsContract.names());
        allowed.addAll(recordedNames());
        Map<String, Set<String>> unknown = new TreeMap<>();
        for (PromQlQuery query : panelQueries) {
            Set<String> names = new TreeSet<>(PromQlNames.of(query.evaluable()));
            names.removeAll(allowed);
            if (!names.isEmpty()) {
                unknown.put(query.origin(), names);
            }
        }

        assertThat(unknown).as("metrics not in docs/METRICS.md nor recorded by a rule").isEmpty();
    }

    @Test
    void everyConveyorMetricIsOnADashboard() {
        Set<String> used = panelQueries.stream()
                .flatMap(query -> PromQlNames.of(query.evaluable()).stream())
                .collect(Collectors.toSet());
        Set<String> conveyorMetrics = MetricsContract.names().stream()
                .filter(name -> name.startsWith("conveyor_"))
                .map(name -> name.replaceAll("_(sum|count)$", "_bucket"))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(used).containsAll(conveyorMetrics);
    }

    @Test
    void theServicesDashboardShowsTheGoldenSignalsOfEveryService() {
        JsonNode services = Observability.json(Observability.path(PromQlCatalog.DASHBOARDS + "/conveyor-services.json"));
        List<String> titles = panels(services).stream().map(panel -> panel.path("title").asText()).toList();

        for (String service : List.of("rest-api", "go-style-worker", "task-updater")) {
            for (String signal : List.of("rate", "errors", "latency", "saturation")) {
                assertThat(titles).as(service + " " + signal)
                        .anySatisfy(title -> assertThat(title).startsWith(service + ": ").contains(signal));
            }
        }
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    private static boolean isRow(JsonNode panel) {
        return "row".equals(panel.path("type").asText());
    }

    static Set<String> provisionedDatasourceUids() {
        JsonNode provisioning = Observability.yaml(
                Observability.path("grafana/provisioning/datasources/datasources.yml"));
        return StreamSupport.stream(provisioning.path("datasources").spliterator(), false)
                .map(datasource -> datasource.path("uid").asText())
                .collect(Collectors.toSet());
    }

    private static Set<String> recordedNames() {
        return PromQlCatalog.load(Observability.dir()).queries(PromQlQuery.Kind.RECORDING_RULE).stream()
                .map(PromQlQuery::name)
                .collect(Collectors.toSet());
    }

    // promtool names the failing record: translate it back to the panel.
    private String describeFailures(String output) {
        StringBuilder description = new StringBuilder(output);
        Matcher record = Pattern.compile("dashboard_expression_(\\d+)").matcher(output);
        while (record.find()) {
            PromQlQuery query = panelQueries.get(Integer.parseInt(record.group(1)));
            description.append("\n").append(record.group()).append(" = ").append(query.origin())
                    .append(": ").append(query.evaluable());
        }
        return description.toString();
    }
}
