package dev.conveyor.worker.cancel;

import dev.conveyor.actions.ActionContext;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt of a run while this worker processes it. Two switches: {@link #cancelled()}, set when a user cancels
 * the run, and the stop flag the action polls ({@link ActionContext#cancelled()}), raised by a cancellation and
 * whenever the attempt is over (timeout included), so abandoned CPU-bound work stops at its next check.
 */
public final class Attempt {

    private final String runId;
    private final int number;
    private final Optional<Instant> requestedAt;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CompletableFuture<Void> cancellation = new CompletableFuture<>();

    Attempt(String runId, int number, Optional<Instant> requestedAt) {
        this.runId = runId;
        this.number = number;
        this.requestedAt = requestedAt;
    }

    public boolean cancelled() {
        return cancellation.isDone();
    }

    /** Completes once the run is cancelled, at once if it already is; never fails. */
    public Uni<Void> whenCancelled() {
        return Uni.createFrom().emitter(emitter -> cancellation.thenRun(() -> emitter.complete(null)));
    }

    /** The attempt is over: whatever of the action still runs stops at its next check. */
    public void stop() {
        stopped.set(true);
    }

    public ActionContext context() {
        return new ActionContext(runId, number, stopped::get);
    }

    void cancel() {
        stopped.set(true);
        cancellation.complete(null);
    }

    /**
     * Whether a cancellation made at {@code at} applies: it does unless this attempt's request was made after it (a
     * re-drive of the run, which the user asked for later). A request without a time is always covered.
     */
    boolean coveredBy(String cancelledRunId, Instant at) {
        return runId.equals(cancelledRunId) && requestedAt.map(requested -> !at.isBefore(requested)).orElse(true);
    }
}
