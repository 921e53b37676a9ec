package dev.conveyor.worker.run;

import dev.conveyor.contract.Topics;
import dev.conveyor.infra.test.CapturedLogs;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.worker.kafka.KafkaTests;
import dev.conveyor.worker.kafka.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The log contract's ids (observability/LOGS.md) on what the worker logs about a run: every line about a run carries
 * that run's ids, even with many runs interleaved on the same event-loop threads, and nothing else carries them.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class RunLogsKafkaTest extends KafkaTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private CapturedLogs logs;

    @BeforeEach
    void capture() {
        logs = CapturedLogs.of("dev.conveyor.worker");
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void everyLineAboutARunCarriesThatRunsIdsWhileRunsInterleave() {
        // Waiting, CPU-bound (on the CPU pool) and failing actions, launched together so their work interleaves.
        List<RunRef> runs = IntStream.range(0, 24).mapToObj(i -> switch (i % 4) {
            case 0 -> launch("sleep", "{\"millis\":300}");
            case 1 -> launch("primes", "{\"limit\":20000}");
            case 2 -> launch("hash", "{\"text\":\"log\",\"iterations\":1000}");
            default -> launch("fail", "{\"message\":\"drill\",\"retryable\":false}");
        }).toList();

        runs.forEach(run -> events.completed(run.getRunId()));

        runs.forEach(run -> linesAbout(run, 2).forEach(line -> assertIdsOf(run, line)));
    }

    @Test
    void everyAttemptOfARetriedRunCarriesItsIds() {
        RunRef run = launch("fail", "{\"message\":\"flaky\",\"retryable\":true}");

        events.completed(run.getRunId());

        // Two attempts, each started and ended: the retry comes back through pending-tasks-retry.
        linesAbout(run, 4).forEach(line -> assertIdsOf(run, line));
        assertFalse(logs.containing("Attempt 2 of run " + run.getRunId()).isEmpty());
    }

    @Test
    void aRecordAfterARunDoesNotInheritItsIds() {
        RunRef run = launch("sum", "{\"numbers\":[1,2]}");
        events.completed(run.getRunId());

        RecordMetadata poison = kafka.send(Topics.PENDING_TASKS, "not-a-run",
                "not a protobuf message".getBytes(StandardCharsets.UTF_8));
        kafka.awaitCommittedPast(poison);

        CapturedLogs.Line undecodable = logs.containing(Topics.PENDING_TASKS + "-" + poison.partition() + "@"
                + poison.offset()).getFirst();
        assertEquals(Map.of(), ids(undecodable), undecodable.message());
        logs.lines().stream().filter(line -> !line.message().contains(run.getRunId()))
                .forEach(line -> assertNotEquals(run.getRunId(), line.mdc(RunLogContext.RUN_ID), line.message()));
    }

    private static void assertIdsOf(RunRef run, CapturedLogs.Line line) {
        assertEquals(Map.of(RunLogContext.RUN_ID, run.getRunId(), RunLogContext.TASK_ID, run.getTaskId(),
                RunLogContext.USER_ID, run.getOwnerId()), ids(line), line.message());
    }

    /** The line's MDC entries of the log contract. */
    private static Map<String, String> ids(CapturedLogs.Line line) {
        Map<String, String> ids = new HashMap<>(line.mdc());
        ids.keySet().retainAll(Set.of(RunLogContext.RUN_ID, RunLogContext.TASK_ID, RunLogContext.USER_ID));
        return ids;
    }

    /** The lines naming the run, once there are at least {@code count}. */
    private List<CapturedLogs.Line> linesAbout(RunRef run, int count) {
        String name = "of run " + run.getRunId();
        await().atMost(PATIENCE).until(() -> logs.containing(name).size() >= count);
        return logs.containing(name);
    }

    /** A first attempt with ids of its own, so a line labelled with another run's ids shows. */
    private RunRef launch(String action, String input) {
        String runId = UUID.randomUUID().toString();
        RunRef run = RunRef.newBuilder().setRunId(runId).setTaskId("task-" + UUID.randomUUID())
                .setOwnerId("user-" + UUID.randomUUID()).setAction(action).build();
        RunRequested request = TestKafka.request(runId, action, input, 0, 2).toBuilder().setRun(run).build();
        kafka.send(Topics.PENDING_TASKS, runId, request.toByteArray());
        return run;
    }
}
