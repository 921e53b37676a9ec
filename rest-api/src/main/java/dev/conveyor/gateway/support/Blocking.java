package dev.conveyor.gateway.support;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** Runs CPU-heavy or blocking work on the worker pool and resumes on the caller's Vert.x context. */
public final class Blocking {

    private Blocking() {
    }

    public static <T> Uni<T> offload(Supplier<T> work) {
        Executor caller = VertxContexts.current();
        return Uni.createFrom().item(work)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(caller);
    }
}
