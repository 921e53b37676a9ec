package dev.conveyor.gateway.support;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/**
 * Hibernate Reactive sessions must be used from the Vert.x context that opened them. Calls that complete on
 * other threads (gRPC clients, fault-tolerance timers) hop back with {@code emitOn(VertxContexts.current())}.
 */
public final class VertxContexts {

    private VertxContexts() {
    }

    public static Executor current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Runnable::run;
        }
        return task -> {
            if (Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(ignored -> task.run());
            }
        };
    }
}
