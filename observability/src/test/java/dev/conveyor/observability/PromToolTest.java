package dev.conveyor.observability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus' and Alertmanager's own checks of their configuration, and the rules' unit tests (promtool test rules). */
class PromToolTest {

    private static final Path PROMETHEUS = Observability.path("prometheus");
    private static final Path ALERTMANAGER = Observability.path("alertmanager");

    @Test
    void prometheusConfigurationIsValidAndLoadsEveryRuleFile() {
        Tool.Result check = Tool.PROMTOOL.run(PROMETHEUS, "check", "config", "prometheus.yml");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains(Observability.ruleFiles().size() + " rule files found");
    }

    @Test
    void ruleFilesAreValid() {
        Tool.Result check = promtool("check", Observability.ruleFiles());

        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void ruleUnitTestsPass() {
        Tool.Result test = promtool("test", Observability.ruleTestFiles());

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).doesNotContain("FAILED");
    }

    @Test
    void alertmanagerConfigurationIsValid() {
        Tool.Result check = Tool.AMTOOL.run(ALERTMANAGER, "check-config", "alertmanager.yml");

        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
            "severity=page, page",
            "severity=ticket, ticket",
            "alertname=Watchdog, default",
    })
    void alertsAreRoutedBySeverity(String label, String receiver) {
        Tool.Result route = Tool.AMTOOL.run(ALERTMANAGER, "config", "routes", "test",
                "--config.file=alertmanager.yml", label);

        assertThat(route.exitCode()).as(route.output()).isZero();
        assertThat(route.output().lines().filter(line -> !line.startsWith("Warning"))).containsExactly(receiver);
    }

    // promtool check|test rules <files>, with paths relative to prometheus/ as the unit tests' rule_files expect.
    private static Tool.Result promtool(String verb, List<Path> files) {
        List<String> arguments = new ArrayList<>(List.of(verb, "rules"));
        files.forEach(file -> arguments.add(PROMETHEUS.relativize(file).toString()));
        return Tool.PROMTOOL.run(PROMETHEUS, arguments.toArray(String[]::new));
    }
}
