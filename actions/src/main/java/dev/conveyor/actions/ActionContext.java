package dev.conveyor.actions;

import java.util.function.BooleanSupplier;

/**
 * What an action knows about the run executing it.
 *
 * @param cancelled cooperative cancellation: long-running actions poll it and stop early when it turns true
 */
public record ActionContext(String runId, int attempt, BooleanSupplier cancelled) {

    /** A context that is never cancelled, for callers without cancellation support. */
    public static ActionContext of(String runId, int attempt) {
        return new ActionContext(runId, attempt, () -> false);
    }
}
