package dev.conveyor.observability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every alert is explained (annotations, runbook) and unit-tested firing and not firing; every recording rule is tested. */
class AlertRulesTest {

    private static final List<String> RUNBOOK_SECTIONS =
            List.of("## Meaning", "## Impact", "## Triage", "## Fix", "## Escalation");

    record Alert(String name, String severity, JsonNode annotations) {
    }

    private final List<Alert> alerts = alerts();

    @Test
    void everyAlertHasASeverityThatAlertmanagerRoutes() {
        assertThat(alerts).isNotEmpty()
                .allSatisfy(alert -> assertThat(alert.severity()).as(alert.name()).isIn("page", "ticket"));
    }

    @Test
    void everyAlertHasSummaryDescriptionAndItsRunbook() {
        for (Alert alert : alerts) {
            assertThat(alert.annotations().path("summary").asText()).as(alert.name() + " summary").isNotBlank();
            assertThat(alert.annotations().path("description").asText()).as(alert.name() + " description").isNotBlank();
            assertThat(alert.annotations().path("runbook_url").asText()).as(alert.name() + " runbook_url")
                    .isEqualTo("observability/runbooks/" + alert.name() + ".md");
        }
    }

    @Test
    void everyRunbookExplainsMeaningImpactTriageFixAndEscalation() {
        for (String name : alertNames()) {
            Path runbook = Observability.path("runbooks/" + name + ".md");
            assertThat(runbook).as("runbook of " + name).exists();
            String text = Observability.text(runbook);

            assertThat(text).as(runbook.toString()).startsWith("# " + name + "\n");
            assertThat(RUNBOOK_SECTIONS.stream().map(text::indexOf).toList()).as(runbook + " sections, in order")
                    .doesNotContain(-1).isSorted();
            assertThat(Runbooks.promQl(text)).as(runbook + ": triage needs concrete PromQL").isNotEmpty();
            assertThat(Runbooks.kql(text)).as(runbook + ": triage needs a Kibana query").isNotEmpty();
        }
    }

    @Test
    void everyRunbookBelongsToAnAlert() {
        Set<String> runbooks = Observability.files("runbooks", ".md").stream()
                .map(file -> file.getFileName().toString().replaceFirst("\\.md$", ""))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(runbooks).isEqualTo(alertNames());
    }

    @Test
    void everyAlertIsUnitTestedNotFiringAndFiringAtEachSeverity() {
        Set<String> notFiring = new HashSet<>();
        Set<String> firing = new HashSet<>();
        for (Path file : Observability.ruleTestFiles()) {
            for (JsonNode test : Observability.yaml(file).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    String alert = check.path("alertname").asText();
                    if (check.path("exp_alerts").isEmpty()) {
                        notFiring.add(alert);
                    }
                    for (JsonNode expected : check.path("exp_alerts")) {
                        firing.add(alert + "/" + expected.path("exp_labels").path("severity").asText());
                    }
                }
            }
        }

        assertThat(notFiring).as("alerts with a not-firing case").containsAll(alertNames());
        assertThat(firing).as("alerts with a firing case at each severity")
                .containsAll(alerts.stream().map(alert -> alert.name() + "/" + alert.severity()).toList());
    }

    @Test
    void everyRecordingRuleIsUnitTested() {
        List<String> testedExpressions = new ArrayList<>();
        for (Path file : Observability.ruleTestFiles()) {
            for (JsonNode test : Observability.yaml(file).path("tests")) {
                test.path("promql_expr_test").forEach(check -> testedExpressions.add(check.path("expr").asText()));
            }
        }
        Set<String> tested = testedExpressions.stream()
                .flatMap(expr -> PromQlNames.of(expr).stream())
                .collect(Collectors.toSet());

        assertThat(tested).containsAll(PromQlCatalog.load(Observability.dir())
                .queries(PromQlQuery.Kind.RECORDING_RULE).stream().map(PromQlQuery::name).toList());
    }

    @Test
    void unitTestsLoadEveryRuleFile() {
        Set<Path> loaded = new HashSet<>();
        for (Path file : Observability.ruleTestFiles()) {
            for (JsonNode ruleFile : Observability.yaml(file).path("rule_files")) {
                loaded.add(file.getParent().resolve(ruleFile.asText()).normalize());
            }
        }

        assertThat(loaded).containsAll(Observability.ruleFiles().stream().map(Path::normalize).toList());
    }

    private Set<String> alertNames() {
        return alerts.stream().map(Alert::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (Path file : Observability.ruleFiles()) {
            for (JsonNode group : Observability.yaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        alerts.add(new Alert(rule.path("alert").asText(), rule.path("labels").path("severity").asText(),
                                rule.path("annotations")));
                    }
                }
            }
        }
        return alerts;
    }
}
