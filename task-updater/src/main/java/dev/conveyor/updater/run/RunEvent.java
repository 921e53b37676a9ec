package dev.conveyor.updater.run;

import dev.conveyor.proto.Priority;
import dev.conveyor.proto.RunError;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of a run, whichever topic it came from, reduced to what the history records.
 *
 * @param at        when the transition happened
 * @param workerId  the worker that reported it, or {@code null}
 * @param error     the failure it reports, or {@code null}
 * @param launch    the launch's description, only on a run request
 * @param resultJson the action's result, only on a completion
 * @param startedAt when the last attempt started, only on a completion, or {@code null}
 * @param request   the QUEUED of the drive, only on a completion of an attempt read from pending-tasks, or
 *                  {@code null}: the completion carries the request and when it was published
 */
public record RunEvent(RunRef run, RunStatus status, int attempt, Instant at, String workerId, RunError error,
                       Launch launch, String resultJson, Instant startedAt, RunEvent request) implements RunChange {

    /**
     * What a run request (the launch, or a re-drive) says about the run. Recorded whenever it arrives, even after
     * later events; the latest drive's request describes the run.
     *
     * @param traceId the launch's trace, or {@code null}
     */
    public record Launch(String inputJson, Priority priority, int maxAttempts, Instant createdAt, String traceId) {
    }

    public RunEvent {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        RunIds.requireValid(run.getRunId());
        if (attempt < 1 || attempt > Ranks.MAX_ATTEMPT) {
            throw new InvalidEventException("attempt out of range: " + attempt);
        }
        Ranks.of(status, attempt);
        if (request != null && !request.queues(run, attempt)) {
            throw new InvalidEventException("the request of a completion must queue the same run, at most its attempt");
        }
    }

    /** Whether this is the QUEUED of {@code run} at {@code attempt} or before: a request its completion may carry. */
    public boolean queues(RunRef run, int attempt) {
        return status == RunStatus.QUEUED && this.attempt <= attempt && this.run.getRunId().equals(run.getRunId());
    }

    /** An event that carries no request. */
    public RunEvent(RunRef run, RunStatus status, int attempt, Instant at, String workerId, RunError error,
                    Launch launch, String resultJson, Instant startedAt) {
        this(run, status, attempt, at, workerId, error, launch, resultJson, startedAt, null);
    }

    public int rank() {
        return Ranks.of(status, attempt);
    }
}
