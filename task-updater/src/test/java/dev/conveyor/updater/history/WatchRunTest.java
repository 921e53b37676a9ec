package dev.conveyor.updater.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.infra.test.MongoTestResource;
import dev.conveyor.proto.GetRunRequest;
import dev.conveyor.proto.Priority;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.updater.TestRuns;
import dev.conveyor.updater.run.RunEvent;
import dev.conveyor.updater.run.RunRecorder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WatchRun through a real gRPC client. The changes are written straight to MongoDB, as another updater instance
 * would write them: the watch sees them by reading the run, not by being told.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class WatchRunTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TestHTTPResource
    URL url;

    @Inject
    RunRecorder recorder;

    private HistoryClient client;
    private final String owner = "owner-" + UUID.randomUUID();

    @BeforeEach
    void connect() {
        client = new HistoryClient(url);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void theRunIsSentNowThenAfterEveryChangeUntilItEnds() {
        RunRef run = TestRuns.newRun(owner, "task-a", "sum");
        queue(run);
        Watch watch = watch(run, owner);
        watch.awaitSeen(1);

        List<RunEvent> changes = List.of(
                event(run, RunStatus.RUNNING, 1), event(run, RunStatus.RETRYING, 1),
                event(run, RunStatus.RUNNING, 2), event(run, RunStatus.SUCCEEDED, 2));
        for (int i = 0; i < changes.size(); i++) {
            assertFalse(watch.completed.get());
            recorder.record(changes.get(i)).await().atMost(TIMEOUT);
            watch.awaitSeen(i + 2);
        }

        Awaitility.await().atMost(TIMEOUT).untilTrue(watch.completed);
        assertNull(watch.failure.get());
        assertEquals(List.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.RETRYING, RunStatus.RUNNING, RunStatus.SUCCEEDED),
                watch.seen.stream().map(Run::getStatus).toList());
        Run last = watch.seen.getLast();
        assertEquals(5, last.getTransitionsCount());
        assertEquals(TestRuns.RESULT_JSON, last.getResultJson());
    }

    @Test
    void aRunThatAlreadyEndedIsSentOnceAndTheWatchCompletes() {
        RunRef run = TestRuns.newRun(owner, "task-a", "sum");
        queue(run);
        recorder.record(event(run, RunStatus.FAILED, 1)).await().atMost(TIMEOUT);

        Watch watch = watch(run, "");

        Awaitility.await().atMost(TIMEOUT).untilTrue(watch.completed);
        assertEquals(List.of(RunStatus.FAILED), watch.seen.stream().map(Run::getStatus).toList());
    }

    @Test
    void anotherOwnersRunOrAnUnknownRunIsNotFoundAndAMalformedIdIsInvalid() {
        RunRef run = TestRuns.newRun(owner, "task-a", "sum");
        queue(run);

        assertEquals(Status.Code.NOT_FOUND, watchError(run.getRunId(), "owner-" + UUID.randomUUID()).getCode());
        assertEquals(Status.Code.NOT_FOUND, watchError(UUID.randomUUID().toString(), "").getCode());
        Status malformed = watchError("not-a-uuid", owner);
        assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getCode());
        assertTrue(malformed.getDescription().contains("run_id"));
    }

    /** What a watch received so far, and how it ended. */
    private static final class Watch {
        final List<Run> seen = new CopyOnWriteArrayList<>();
        final AtomicBoolean completed = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        void awaitSeen(int count) {
            Awaitility.await().atMost(TIMEOUT).until(() -> seen.size() >= count || failure.get() != null);
            assertNull(failure.get());
            assertEquals(count, seen.size(), () -> "Seen: " + new ArrayList<>(seen));
        }
    }

    private Watch watch(RunRef run, String ownerId) {
        Watch watch = new Watch();
        client.mutiny().watchRun(GetRunRequest.newBuilder().setRunId(run.getRunId()).setOwnerId(ownerId).build())
                .subscribe().with(watch.seen::add, watch.failure::set, () -> watch.completed.set(true));
        return watch;
    }

    private Status watchError(String runId, String ownerId) {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> client.blocking()
                .watchRun(GetRunRequest.newBuilder().setRunId(runId).setOwnerId(ownerId).build()).hasNext());
        return error.getStatus();
    }

    private void queue(RunRef run) {
        Instant at = Instant.ofEpochSecond(TestRuns.at(10).getSeconds());
        recorder.record(new RunEvent(run, RunStatus.QUEUED, 1, at, null, null,
                new RunEvent.Launch(TestRuns.INPUT_JSON, Priority.MEDIUM, 3, at, null), null, null)).await().atMost(TIMEOUT);
    }

    private static RunEvent event(RunRef run, RunStatus status, int attempt) {
        Instant at = Instant.ofEpochSecond(TestRuns.at(attempt * 10 + status.getNumber()).getSeconds());
        return new RunEvent(run, status, attempt, at, "worker-" + attempt,
                status == RunStatus.RETRYING ? TestRuns.TIMEOUT : status == RunStatus.FAILED ? TestRuns.BROKEN : null,
                null, status == RunStatus.SUCCEEDED ? TestRuns.RESULT_JSON : null, null);
    }
}
