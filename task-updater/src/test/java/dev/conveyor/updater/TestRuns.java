package dev.conveyor.updater;

import com.google.protobuf.Timestamp;
import dev.conveyor.proto.Priority;
import dev.conveyor.proto.RunCancelRequested;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunError;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.RunStatusChanged;
import java.time.Instant;
import java.util.UUID;

/** The contract's events for one run, as the gateway and the workers send them. */
public final class TestRuns {

    public static final String INPUT_JSON = "{\"numbers\": [1, 2, 3]}";
    public static final String RESULT_JSON = "{\"sum\": 6}";
    public static final RunError TIMEOUT = RunError.newBuilder().setCode("TIMEOUT").setMessage("took too long").setRetryable(true).build();
    public static final RunError BROKEN = RunError.newBuilder().setCode("BROKEN").setMessage("bad input").setRetryable(false).build();

    private static final Instant BASE = Instant.parse("2026-01-01T10:00:00Z");

    private TestRuns() {
    }

    public static RunRef newRun(String ownerId, String taskId, String action) {
        return RunRef.newBuilder().setRunId(UUID.randomUUID().toString()).setOwnerId(ownerId).setTaskId(taskId)
                .setAction(action).build();
    }

    public static RunRef newRun() {
        return newRun("owner-" + UUID.randomUUID(), "task-" + UUID.randomUUID(), "sum");
    }

    public static RunRequested requested(RunRef run, int attempt) {
        return RunRequested.newBuilder().setRun(run).setAttempt(attempt).setInputJson(INPUT_JSON)
                .setPriority(Priority.HIGH).setMaxAttempts(3).setTimeoutMs(5_000).setCreatedAt(at(0)).build();
    }

    public static RunStatusChanged running(RunRef run, int attempt) {
        return RunStatusChanged.newBuilder().setRun(run).setStatus(RunStatus.RUNNING).setAttempt(attempt)
                .setWorkerId("worker-" + attempt).setAt(at(attempt * 10 + 1)).build();
    }

    public static RunStatusChanged retrying(RunRef run, int attempt) {
        return RunStatusChanged.newBuilder().setRun(run).setStatus(RunStatus.RETRYING).setAttempt(attempt)
                .setWorkerId("worker-" + attempt).setError(TIMEOUT).setAt(at(attempt * 10 + 2)).build();
    }

    public static RunCompleted succeeded(RunRef run, int attempt) {
        return RunCompleted.newBuilder().setRun(run).setStatus(RunStatus.SUCCEEDED).setAttempt(attempt)
                .setWorkerId("worker-" + attempt).setResultJson(RESULT_JSON)
                .setStartedAt(at(attempt * 10 + 1)).setFinishedAt(at(attempt * 10 + 5)).build();
    }

    public static RunCompleted failed(RunRef run, int attempt) {
        return RunCompleted.newBuilder().setRun(run).setStatus(RunStatus.FAILED).setAttempt(attempt)
                .setWorkerId("worker-" + attempt).setError(BROKEN)
                .setStartedAt(at(attempt * 10 + 1)).setFinishedAt(at(attempt * 10 + 5)).build();
    }

    public static RunCompleted cancelled(RunRef run, int attempt) {
        return RunCompleted.newBuilder().setRun(run).setStatus(RunStatus.CANCELLED).setAttempt(attempt)
                .setFinishedAt(at(attempt * 10 + 6)).build();
    }

    public static RunCompleted dead(RunRef run, int attempt) {
        return RunCompleted.newBuilder().setRun(run).setStatus(RunStatus.DEAD).setAttempt(attempt)
                .setWorkerId("worker-" + attempt).setError(TIMEOUT)
                .setStartedAt(at(attempt * 10 + 1)).setFinishedAt(at(attempt * 10 + 5)).build();
    }

    /** A user's cancellation, as the gateway publishes it to run-control. */
    public static RunCancelRequested cancelRequested(RunRef run) {
        return RunCancelRequested.newBuilder().setRun(run).setRequestedBy(run.getOwnerId()).setAt(at(7)).build();
    }

    /** A fixed timeline, so that runs recorded in any order carry the same times. */
    public static Timestamp at(int seconds) {
        return Timestamp.newBuilder().setSeconds(BASE.getEpochSecond() + seconds).build();
    }
}
