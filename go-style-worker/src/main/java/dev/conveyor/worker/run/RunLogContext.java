package dev.conveyor.worker.run;

import dev.conveyor.proto.RunRef;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.MDC;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The Vert.x duplicated context one record is worked on, with its run's ids in the MDC (the log contract,
 * observability/LOGS.md: {@code labels.run_id}, {@code labels.task_id}, {@code labels.user_id}).
 *
 * <p>Quarkus keeps the MDC of a duplicated context in the context, not in the thread: whatever is logged while the
 * record's work runs on its context carries the ids, and what another record logs on the same event-loop thread does
 * not. Records arrive on the consumer's event-loop context, which all of them share, so each gets a new duplicated
 * context; it is dropped with the record, which is how the ids are removed. Nothing is put in a thread's own MDC,
 * which a pooled thread would carry into the next record. Kafka acknowledgements, timers and the CPU pool complete
 * on other threads: the work comes back here ({@code emitOn(context)}) before it logs.
 */
final class RunLogContext implements Executor {

    static final String RUN_ID = "run_id";
    static final String TASK_ID = "task_id";
    static final String USER_ID = "user_id";

    private final Context context;
    private final Optional<RunRef> run;

    private RunLogContext(Context context, Optional<RunRef> run) {
        this.context = context;
        this.run = run;
    }

    /** A fresh context for one record; {@code run} is empty for a record that names no run. */
    static RunLogContext create(Vertx vertx, Optional<RunRef> run) {
        return new RunLogContext(VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext()), run);
    }

    /** Subscribes to the work on this context, the ids already in its MDC. */
    <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            run.ifPresent(RunLogContext::putIds);
            return work.get();
        }).runSubscriptionOn(this);
    }

    /** Runs on this context: at once when already on it, else on its event loop. */
    @Override
    public void execute(Runnable task) {
        runOn(context, task);
    }

    /**
     * The Vert.x context of the caller, to come back to after work that completes elsewhere; where there is none,
     * the work simply goes on where it completed.
     */
    static Executor caller() {
        Context current = Vertx.currentContext();
        return current == null ? Runnable::run : task -> runOn(current, task);
    }

    private static void runOn(Context context, Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }

    private static void putIds(RunRef run) {
        putIfPresent(RUN_ID, run.getRunId());
        putIfPresent(TASK_ID, run.getTaskId());
        putIfPresent(USER_ID, run.getOwnerId());
    }

    private static void putIfPresent(String key, String value) {
        if (!value.isEmpty()) {
            MDC.put(key, value);
        }
    }
}
