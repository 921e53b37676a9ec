package dev.conveyor.worker.cancel;

import dev.conveyor.proto.RunRequested;
import dev.conveyor.worker.ProtoTime;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meets cancellations with the attempts they stop: requests not started yet, and attempts running on this worker.
 * An attempt is registered before the cancelled runs are checked, and a cancellation is remembered before the
 * running attempts are searched, so one that arrives in between is seen by one side or the other.
 */
@ApplicationScoped
public class Cancellations {

    private final CancelledRuns cancelled;
    private final Set<Attempt> attempts = ConcurrentHashMap.newKeySet();

    public Cancellations(CancelledRuns cancelled) {
        this.cancelled = cancelled;
    }

    /** Starts tracking an attempt; it comes back already {@link Attempt#cancelled() cancelled} if its run is. */
    public Attempt begin(RunRequested request) {
        String runId = request.getRun().getRunId();
        Attempt attempt = new Attempt(runId, request.getAttempt(), ProtoTime.instant(request.getCreatedAt()));
        attempts.add(attempt);
        cancelled.cancelledAt(runId).filter(at -> attempt.coveredBy(runId, at)).ifPresent(at -> attempt.cancel());
        return attempt;
    }

    public void end(Attempt attempt) {
        attempts.remove(attempt);
    }

    /** A user cancelled a run: its later requests are not executed, its running attempts stop. */
    public void cancel(String runId, Instant at) {
        cancelled.add(runId, at);
        attempts.stream().filter(attempt -> attempt.coveredBy(runId, at)).forEach(Attempt::cancel);
    }
}
