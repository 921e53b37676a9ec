package dev.conveyor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.conveyor.infra.control.ConveyorStack;
import dev.conveyor.infra.control.logs.LogSearch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The log contract (observability/LOGS.md) end to end: the packaged services write ECS JSON lines to stdout, the
 * stack's shipper tails them into logs-conveyor-&lt;service&gt; as Filebeat does in compose, and an operator finds one
 * run's lines by its id, from the gateway, the worker and the updater, and the launch's lines by its trace id.
 */
class LogsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Set<String> SERVICES = Set.of("rest-api", "go-style-worker", "task-updater");

    private static RestClient api;
    private static LogSearch logs;
    private static String adminToken;

    @BeforeAll
    static void startStack() {
        ConveyorStack stack = RunningStack.get();
        api = new RestClient(stack.gateway().url());
        logs = new LogSearch(stack.logSearchUrl().orElseThrow(() -> new AssertionError("the stack runs no log search")));
        adminToken = api.login(RunningStack.ADMIN_EMAIL, RunningStack.ADMIN_PASSWORD);
    }

    @Test
    void aRunsLinesAreFoundByItsIdFromEveryServiceAndByTheLaunchsTraceId() {
        String email = "lou-" + UUID.randomUUID() + "@example.com";
        String userId = api.createUser(adminToken, "Lou", email, "correct-horse-battery");
        String token = api.login(email, "correct-horse-battery");
        String taskId = api.createTask(token, "logged", "sum", Map.of("numbers", List.of(1, 2, 3)));
        String runId = api.launch(token, taskId).statusCode(202).extract().path("id");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                api.run(token, runId).statusCode(200).body("status", equalTo("SUCCEEDED")));

        // The run's trail: launched (gateway), started and SUCCEEDED (worker), each event recorded (updater).
        List<Map<String, Object>> trail = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> linesWith("labels.run_id", runId), lines -> services(lines).containsAll(SERVICES)
                        && lines.stream().anyMatch(line -> message(line).contains("SUCCEEDED of attempt 1 applied")));

        assertThat(trail).allSatisfy(line -> {
            assertThat(LogSearch.field(line, "labels.task_id")).as(message(line)).isEqualTo(taskId);
            assertThat(LogSearch.field(line, "labels.user_id")).as(message(line)).isEqualTo(userId);
            assertThat(LogSearch.field(line, "log.level")).as(message(line)).isNotNull();
        });
        assertThat(messages(trail, "rest-api")).anyMatch(message -> message.contains("Run " + runId + " launched"));
        assertThat(messages(trail, "go-style-worker"))
                .anyMatch(message -> message.contains("Attempt 1 of run " + runId + " started"))
                .anyMatch(message -> message.contains("Attempt 1 of run " + runId + " SUCCEEDED"));
        assertThat(messages(trail, "task-updater"))
                .anyMatch(message -> message.contains("Run " + runId + ": QUEUED of attempt 1 applied"));
        // Ids only: the task's input is nowhere in the run's lines.
        assertThat(trail).noneSatisfy(line -> assertThat(line.toString()).contains("numbers"));

        // One trace per launch: the one on the gateway's launch line finds the run's lines of every service.
        String traceId = trail.stream().filter(line -> message(line).contains("Run " + runId + " launched"))
                .map(line -> (String) LogSearch.field(line, "trace.id")).filter(Objects::nonNull).findFirst()
                .orElseThrow(() -> new AssertionError("the launch line has no trace.id: " + trail));
        assertThat(traceId).matches("[0-9a-f]{32}");
        List<Map<String, Object>> traced = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> linesWith("trace.id", traceId), lines -> services(lines).containsAll(SERVICES));
        assertThat(traced).allSatisfy(line -> assertThat(LogSearch.field(line, "span.id")).as(message(line))
                .asString().matches("[0-9a-f]{16}"));
        assertThat(traced).filteredOn(line -> LogSearch.field(line, "labels.run_id") != null)
                .allSatisfy(line -> assertThat(LogSearch.field(line, "labels.run_id")).isEqualTo(runId));
    }

    private static List<Map<String, Object>> linesWith(String field, String value) {
        logs.refresh();
        return logs.withField(field, value);
    }

    private static Set<String> services(List<Map<String, Object>> lines) {
        return lines.stream().map(line -> (String) LogSearch.field(line, "service.name"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> messages(List<Map<String, Object>> lines, String service) {
        return lines.stream().filter(line -> service.equals(LogSearch.field(line, "service.name")))
                .map(LogsIT::message).toList();
    }

    private static String message(Map<String, Object> line) {
        return String.valueOf(LogSearch.field(line, "message"));
    }
}
