package dev.conveyor.updater.events;

import dev.conveyor.proto.RunRef;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.jboss.logging.MDC;

/**
 * Labels what is logged while a record is recorded with its run's ids (the log contract, observability/LOGS.md:
 * {@code labels.run_id}, {@code labels.task_id}, {@code labels.user_id}).
 *
 * <p>Each record is recorded on a Vert.x duplicated context of its own ({@link RecordTracing}), and Quarkus keeps the
 * MDC of a duplicated context in the context, not in the thread: the ids label every line logged on it, go away with
 * it, and never reach what another record logs on the same event-loop thread. Off such a context nothing is put, since
 * a thread's own MDC would carry the ids into whatever the thread does next.
 */
final class RunLogIds {

    static final String RUN_ID = "run_id";
    static final String TASK_ID = "task_id";
    static final String USER_ID = "user_id";

    private RunLogIds() {
    }

    /**
     * Runs {@code work} with the run's ids in the MDC of the current (the record's own) context, and brings its result
     * back to that context (a retry after a backoff completes on a timer thread), so what is logged next has them.
     */
    static <T> Uni<T> around(RunRef run, Supplier<Uni<T>> work) {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            return work.get();
        }
        putIfPresent(RUN_ID, run.getRunId());
        putIfPresent(TASK_ID, run.getTaskId());
        putIfPresent(USER_ID, run.getOwnerId());
        return work.get().emitOn(task -> {
            if (Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(ignored -> task.run());
            }
        });
    }

    private static void putIfPresent(String key, String value) {
        if (!value.isEmpty()) {
            MDC.put(key, value);
        }
    }
}
