package dev.conveyor.actions;

import java.util.function.BooleanSupplier;

/**
 * What an action knows about the run executing it.
 *
 * @param cancelled cooperative cancellation: long-running actions poll it and stop early when it turns true (the
 *                  worker raises it when the run is cancelled or the attempt is abandoned after its timeout)
 */
public record ActionContext(String runId, int attempt, BooleanSupplier cancelled) {

    /** The code of the failure an action ends with when it stops because of {@link #cancelled()}. */
    public static final String CANCELLED = "CANCELLED";

    /** A context that is never cancelled, for callers without cancellation support. */
    public static ActionContext of(String runId, int attempt) {
        return new ActionContext(runId, attempt, () -> false);
    }

    /** For CPU-bound actions, between two steps: stops the work once the run is cancelled. */
    public void stopIfCancelled() {
        if (cancelled.getAsBoolean()) {
            throw cancellation("Run cancelled");
        }
    }

    /** The failure an action reports when it stops early: final, since the run was stopped on purpose. */
    public static ActionFailedException cancellation(String message) {
        return new ActionFailedException(CANCELLED, message, false);
    }
}
