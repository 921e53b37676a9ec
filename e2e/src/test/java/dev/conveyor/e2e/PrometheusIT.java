package dev.conveyor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.infra.control.ConveyorStack;
import dev.conveyor.infra.control.ServiceProcess;
import dev.conveyor.observability.PromQlCatalog;
import dev.conveyor.observability.PromQlQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The observability configuration against the real thing: a real Prometheus scrapes the three packaged services and
 * evaluates the rule files while a burst of runs goes through them (successes, failures, a retry to DEAD and its dead
 * letter, an undecodable record, gRPC calls that succeed and fail). Then every expression of every Grafana panel and
 * every recording rule must return data, and every alerting rule must evaluate: a renamed metric, a label that is
 * never set or a broken expression fails here instead of leaving a dashboard or an alert silently empty.
 */
class PrometheusIT {

    private static final Duration SCRAPED = Duration.ofMinutes(3);

    private static LivePrometheus prometheus;

    @BeforeAll
    static void startPrometheus() {
        Path repository = Path.of(System.getProperty("conveyor.root"));
        Optional<Path> binary = LivePrometheus.binary(repository);
        Assumptions.assumeTrue(binary.isPresent(), "SKIPPED: no prometheus command, and its Debian package "
                + "(prometheus) could not be installed here: sudo apt-get install -y prometheus");
        ConveyorStack stack = RunningStack.get();
        prometheus = LivePrometheus.start(binary.get(),
                Path.of("target", "prometheus-it", UUID.randomUUID().toString()).toAbsolutePath(),
                Map.of("rest-api", List.of(target(stack.gateway())),
                        "task-updater", List.of(target(stack.updater())),
                        "go-style-worker", stack.workers().stream().map(PrometheusIT::target).toList()),
                repository.resolve("observability").resolve(PromQlCatalog.RULES).resolve("*.yml").toString());
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void everyPanelAndRecordingRuleReturnsDataAndEveryAlertEvaluates() {
        await("every target up").atMost(SCRAPED).untilAsserted(() -> assertThat(prometheus.targets())
                .allSatisfy(target -> assertThat(target.path("health").asText()).as(target.toString())
                        .isEqualTo("up")));

        new MetricsBurst(RunningStack.get()).drive();

        List<PromQlQuery> queries = PromQlCatalog.fromRepository().queries();
        assertThat(queries).isNotEmpty();
        List<PromQlQuery> mustHaveData = queries.stream()
                .filter(query -> query.kind() != PromQlQuery.Kind.ALERTING_RULE).toList();
        await("every panel and recording rule has data").atMost(SCRAPED).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    List<String> empty = mustHaveData.stream().filter(query -> !hasData(query))
                            .map(query -> query.origin() + ": " + query.evaluable()).toList();
                    assertThat(empty).as("expressions without data (%d of %d)", empty.size(), mustHaveData.size())
                            .isEmpty();
                });

        // Alerts are quiet on a healthy system, so empty is a valid answer; but each must evaluate, and the rules
        // Prometheus loaded from the same files must all be healthy.
        queries.stream().filter(query -> query.kind() == PromQlQuery.Kind.ALERTING_RULE)
                .forEach(query -> prometheus.query(query.evaluable()));
        List<String> unhealthy = new ArrayList<>();
        for (JsonNode group : prometheus.rules()) {
            for (JsonNode rule : group.path("rules")) {
                if (!"ok".equals(rule.path("health").asText())) {
                    unhealthy.add(rule.path("name").asText() + ": " + rule.path("lastError").asText());
                }
            }
        }
        assertThat(unhealthy).as("rules Prometheus could not evaluate").isEmpty();
        // Every dead letter must alert, and the burst made some.
        await("the dead-letter alert").atMost(Duration.ofSeconds(60))
                .until(PrometheusIT::activeAlerts, alerts -> alerts.contains("ConveyorDlqGrowing"));
    }

    private static boolean hasData(PromQlQuery query) {
        return !prometheus.query(query.evaluable()).path("result").isEmpty();
    }

    /** Names of the alerts pending or firing now. */
    private static List<String> activeAlerts() {
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : prometheus.rules()) {
            for (JsonNode rule : group.path("rules")) {
                if (!rule.path("alerts").isEmpty()) {
                    alerts.add(rule.path("name").asText());
                }
            }
        }
        return alerts;
    }

    private static String target(ServiceProcess service) {
        return "127.0.0.1:" + service.port();
    }
}
