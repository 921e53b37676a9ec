package dev.conveyor.updater.events;

import static dev.conveyor.updater.TestRuns.cancelRequested;
import static dev.conveyor.updater.TestRuns.requested;
import static dev.conveyor.updater.TestRuns.running;
import static dev.conveyor.updater.TestRuns.succeeded;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conveyor.contract.Topics;
import dev.conveyor.infra.test.CapturedLogs;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.infra.test.MongoTestResource;
import dev.conveyor.proto.RunRef;
import dev.conveyor.updater.KafkaEvents;
import dev.conveyor.updater.TestRuns;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log contract (observability/LOGS.md) on what the updater logs while it records events: each line about a run
 * carries that run's ids and the trace of the record it came from, while records of many runs are recorded at once.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class RunLogsTest {

    private static final Set<String> CONTRACT_KEYS = Set.of(RunLogIds.RUN_ID, RunLogIds.TASK_ID, RunLogIds.USER_ID,
            "traceId");

    @Inject
    KafkaEvents kafka;

    private CapturedLogs logs;

    @BeforeEach
    void capture() {
        logs = CapturedLogs.of("dev.conveyor.updater");
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void everyLineAboutARunCarriesItsIdsAndTheTraceOfItsEvent() {
        List<RunRef> runs = IntStream.range(0, 20).mapToObj(i -> TestRuns.newRun()).toList();
        for (RunRef run : runs) {
            kafka.send(run, requested(run, 1), running(run, 1));
        }
        runs.forEach(run -> kafka.send(run, runs.indexOf(run) % 2 == 0 ? succeeded(run, 1) : cancelRequested(run)));

        for (RunRef run : runs) {
            List<CapturedLogs.Line> lines = linesAbout(run, 3);
            lines.forEach(line -> assertEquals(Map.of(
                    RunLogIds.RUN_ID, run.getRunId(),
                    RunLogIds.TASK_ID, run.getTaskId(),
                    RunLogIds.USER_ID, run.getOwnerId(),
                    "traceId", KafkaEvents.traceId(run)), contractEntries(line), line.message()));
        }
    }

    @Test
    void aSkippedRecordCarriesNoRunsIds() {
        RunRef run = TestRuns.newRun();
        kafka.send(run, requested(run, 1));
        kafka.sendBytes(Topics.TASK_STATUS, run, "not a protobuf message".getBytes(StandardCharsets.UTF_8));
        kafka.awaitAllConsumed();

        CapturedLogs.Line skipped = logs.containing("(key " + run.getRunId() + ")").getFirst();
        Map<String, String> entries = contractEntries(skipped);
        entries.remove("traceId");
        assertEquals(Map.of(), entries, skipped.message());
    }

    /** The lines recording the run's events, once there are at least {@code count}. */
    private List<CapturedLogs.Line> linesAbout(RunRef run, int count) {
        String name = "Run " + run.getRunId() + ":";
        await().atMost(Duration.ofSeconds(60)).until(() -> logs.containing(name).size() >= count);
        return logs.containing(name);
    }

    private static Map<String, String> contractEntries(CapturedLogs.Line line) {
        Map<String, String> entries = new HashMap<>(line.mdc());
        entries.keySet().retainAll(CONTRACT_KEYS);
        return entries;
    }
}
