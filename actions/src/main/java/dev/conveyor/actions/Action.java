package dev.conveyor.actions;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;

/**
 * One kind of work a run can do, registered under {@link #name()}. Adding an action is one
 * {@code @ApplicationScoped} class implementing this interface; {@link ActionCatalog} picks it up.
 *
 * @param <I> the input record: a Java record with jakarta.validation constraints and {@code @RegisterForReflection}
 */
public interface Action<I> {

    /** The name runs refer to, e.g. {@code hash}. Unique in the catalog. */
    String name();

    /** The record the JSON input is parsed into before validation. */
    Class<I> inputType();

    /**
     * Runs the action on a validated input. The returned Uni must be lazy (do the work on subscription) so the caller
     * chooses the thread; a failure the action reports on purpose is an {@link ActionFailedException}.
     */
    Uni<JsonNode> execute(I input, ActionContext context);

    /** True when the work keeps a CPU busy: the worker then runs it on a worker thread, never on the event loop. */
    default boolean cpuBound() {
        return false;
    }
}
