package dev.conveyor.worker.run;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The RUNNING of one attempt (docs/RUN-SEMANTICS.md, "Start reports"): published once the attempt has run for the
 * report delay, or before an outcome that does not say when the attempt started (RETRYING). A completion carries
 * its start, so an attempt that completes sooner publishes no RUNNING, and the updater records the start from the
 * completion. Created and settled on the record's Vert.x context, whose event loop also runs the timer, so its
 * state is only ever touched by one thread.
 */
final class StartReport {

    private static final long NO_TIMER = -1;

    private final Vertx vertx;
    private final Supplier<Uni<Void>> publish;
    private long timer = NO_TIMER;
    private Uni<Void> published;

    private StartReport(Vertx vertx, Supplier<Uni<Void>> publish) {
        this.vertx = vertx;
        this.publish = publish;
    }

    /**
     * Publishes the RUNNING {@code publish} sends once {@code delay} has passed (at once for a zero delay), in the
     * caller's trace context.
     */
    static StartReport after(Duration delay, Vertx vertx, Supplier<Uni<Void>> publish) {
        Context trace = Context.current();
        StartReport report = new StartReport(vertx, publish);
        if (delay.isZero()) {
            report.start();
        } else {
            report.timer = vertx.setTimer(Math.max(1, delay.toMillis()), ignored -> {
                try (Scope ignoredScope = trace.makeCurrent()) {
                    report.start();
                }
            });
        }
        return report;
    }

    /** Before a completion, which carries the start: no RUNNING if none went out yet, else once it is published. */
    Uni<Void> beforeCompletion() {
        stopTimer();
        return published == null ? Uni.createFrom().voidItem() : published;
    }

    /** Before RETRYING, which does not carry the start: the RUNNING, published now if it has not been. */
    Uni<Void> beforeRetrying() {
        stopTimer();
        return start();
    }

    private Uni<Void> start() {
        if (published == null) {
            // Sent now whoever waits for it; the outcome waits for its acknowledgement before it is published.
            published = publish.get().memoize().indefinitely();
            published.subscribe().with(ignored -> { }, ignored -> { });
        }
        return published;
    }

    private void stopTimer() {
        if (timer != NO_TIMER) {
            vertx.cancelTimer(timer);
            timer = NO_TIMER;
        }
    }
}
