package dev.conveyor.observability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.conveyor.observability.PromQlQuery.Kind.ALERTING_RULE;
import static dev.conveyor.observability.PromQlQuery.Kind.DASHBOARD_PANEL;
import static dev.conveyor.observability.PromQlQuery.Kind.RECORDING_RULE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromQlCatalogTest {

    private static final String DASHBOARD = """
            {
              "title": "Test board",
              "templating": {"list": [
                {"name": "action", "allValue": ".*"},
                {"name": "app"}
              ]},
              "panels": [
                {"id": 1, "type": "row", "title": "open row", "panels": []},
                {"id": 2, "type": "timeseries", "title": "Rate",
                 "datasource": {"type": "prometheus", "uid": "prometheus"},
                 "targets": [
                   {"refId": "A", "expr": "sum(rate(conveyor_runs_started_total{action=~\\"$action\\"}[$__rate_interval]))"},
                   {"refId": "B", "expr": "sum(rate(x_total{application=~\\"${app}\\"}[$__range]))"},
                   {"refId": "C", "expr": ""}
                 ]},
                {"id": 3, "type": "row", "title": "collapsed row", "collapsed": true, "panels": [
                  {"id": 4, "type": "stat", "title": "Inside", "targets": [{"refId": "A", "expr": "up"}]}
                ]},
                {"id": 5, "type": "logs", "title": "Logs",
                 "datasource": {"type": "elasticsearch", "uid": "elasticsearch"},
                 "targets": [{"refId": "A", "expr": "not PromQL", "query": "log.level:ERROR"}]}
              ]
            }
            """;

    private static final String RULES = """
            groups:
              - name: g1
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
                  - alert: Down
                    expr: |
                      up == 0
                    labels:
                      severity: page
            """;

    @Test
    void listsPanelTargetsAndRulesWithTheirOrigin(@TempDir Path dir) throws IOException {
        write(dir, PromQlCatalog.DASHBOARDS + "/board.json", DASHBOARD);
        write(dir, PromQlCatalog.RULES + "/rules.yml", RULES);

        List<PromQlQuery> queries = PromQlCatalog.load(dir).queries();

        assertThat(queries).containsExactly(
                new PromQlQuery(DASHBOARD_PANEL, "grafana/dashboards/board.json", "Test board", "panel 2 \"Rate\" ref A",
                        "sum(rate(conveyor_runs_started_total{action=~\"$action\"}[$__rate_interval]))",
                        "sum(rate(conveyor_runs_started_total{action=~\".*\"}[1m]))"),
                new PromQlQuery(DASHBOARD_PANEL, "grafana/dashboards/board.json", "Test board", "panel 2 \"Rate\" ref B",
                        "sum(rate(x_total{application=~\"${app}\"}[$__range]))",
                        "sum(rate(x_total{application=~\".*\"}[1h]))"),
                new PromQlQuery(DASHBOARD_PANEL, "grafana/dashboards/board.json", "Test board", "panel 4 \"Inside\" ref A",
                        "up", "up"),
                new PromQlQuery(RECORDING_RULE, "prometheus/rules/rules.yml", "g1", "job:up:sum",
                        "sum by (job) (up)", "sum by (job) (up)"),
                new PromQlQuery(ALERTING_RULE, "prometheus/rules/rules.yml", "g1", "Down", "up == 0", "up == 0"));
        assertThat(queries.getFirst().origin()).isEqualTo("grafana/dashboards/board.json › Test board › panel 2 \"Rate\" ref A");
    }

    @Test
    void filtersByKind(@TempDir Path dir) throws IOException {
        write(dir, PromQlCatalog.DASHBOARDS + "/board.json", DASHBOARD);
        write(dir, PromQlCatalog.RULES + "/rules.yml", RULES);

        assertThat(PromQlCatalog.load(dir).queries(RECORDING_RULE)).extracting(PromQlQuery::name)
                .containsExactly("job:up:sum");
    }

    @Test
    void aPanelUsingAnUndefinedVariableIsAnErrorNamingThePanel(@TempDir Path dir) throws IOException {
        write(dir, PromQlCatalog.DASHBOARDS + "/board.json", """
                {"title": "B", "panels": [{"id": 7, "title": "P", "targets": [{"refId": "A", "expr": "up{job=~\\"$nope\\"}"}]}]}
                """);

        assertThatThrownBy(() -> PromQlCatalog.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grafana/dashboards/board.json › panel 7 \"P\" ref A")
                .hasMessageContaining("$nope");
    }

    @Test
    void anEmptyFolderHasNoQueries(@TempDir Path dir) {
        assertThat(PromQlCatalog.load(dir).queries()).isEmpty();
    }

    @Test
    void theRepositoryCatalogHasEveryPanelTargetAndEveryRule() {
        PromQlCatalog catalog = PromQlCatalog.fromRepository();
        long targets = Observability.dashboards().stream()
                .mapToLong(file -> Observability.text(file).lines().filter(line -> line.contains("\"expr\":")).count())
                .sum();
        long rules = Observability.ruleFiles().stream()
                .mapToLong(file -> Observability.text(file).lines()
                        .filter(line -> line.matches("\\s*- (record|alert):.*")).count())
                .sum();

        assertThat(catalog.queries(DASHBOARD_PANEL)).hasSize((int) targets);
        assertThat(catalog.queries(RECORDING_RULE).size() + catalog.queries(ALERTING_RULE).size()).isEqualTo(rules);
        assertThat(catalog.queries()).allSatisfy(query -> {
            assertThat(Observability.path(query.file())).exists();
            assertThat(query.evaluable()).doesNotContain("$");
        });
    }

    private static void write(Path dir, String file, String content) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }
}
