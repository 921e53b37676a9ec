package dev.conveyor.bench.launch;

import dev.conveyor.bench.stats.Latencies;
import dev.conveyor.bench.stats.Refusals;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Phase (b)'s closed loop over an asynchronous client: {@code clients} launches in flight, each answer starting its
 * caller's next launch at once (10 ms after a refusal), until the phase ends. Launches during the warm-up are made
 * but not measured. No thread waits on a launch, so the client's CPU, which the gateway shares, stays as small as
 * the client allows.
 */
final class ClosedLoop {

    /** Runs the next launch after a refused one 10 ms later, on the JDK's shared scheduler. */
    private static final Executor AFTER_REFUSAL = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

    /** Sends one launch and tells {@code answer} exactly once how it ended. */
    interface Launch {
        void send(Answer answer);
    }

    interface Answer {
        void accepted();

        void refused(String reason);
    }

    private final Launch launch;
    private final int clients;
    private final long measureFrom;
    private final long end;
    private final Duration duration;
    private final Duration callTimeout;
    private final Latencies latencies = new Latencies();
    private final Refusals refused = new Refusals();
    private final LongAdder launched = new LongAdder();
    private final CountDownLatch finished;

    ClosedLoop(Launch launch, int clients, Duration warmup, Duration duration, Duration callTimeout) {
        this.launch = launch;
        this.clients = clients;
        this.measureFrom = System.nanoTime() + warmup.toNanos();
        this.end = measureFrom + duration.toNanos();
        this.duration = duration;
        this.callTimeout = callTimeout;
        this.finished = new CountDownLatch(clients);
    }

    /** Runs the loop to its end and sums it up; {@code protocol} says what was used, asked once the loop ended. */
    LaunchResult run(Supplier<String> protocol) throws InterruptedException {
        for (int i = 0; i < clients; i++) {
            next();
        }
        long waitSeconds = (end - System.nanoTime()) / 1_000_000_000L + callTimeout.toSeconds() + 10;
        if (!finished.await(waitSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(protocol.get() + ": launches still unanswered long after the phase ended");
        }
        Latencies.Summary summary = latencies.summary();
        return new LaunchResult(protocol.get(), summary.count(), summary.count() / (duration.toNanos() / 1e9), summary,
                launched.sum(), refused);
    }

    private void next() {
        long sent = System.nanoTime();
        if (sent >= end) {
            finished.countDown();
            return;
        }
        boolean measured = sent >= measureFrom;
        launch.send(new Answer() {
            @Override
            public void accepted() {
                long elapsed = System.nanoTime() - sent;
                launched.increment();
                if (measured) {
                    latencies.add(elapsed);
                }
                next();
            }

            @Override
            public void refused(String reason) {
                if (measured) {
                    refused.count(reason);
                }
                // Not at once: a client failing fast (the gateway down) would otherwise spin, and recurse when the
                // refusal comes back on the sending thread.
                AFTER_REFUSAL.execute(ClosedLoop.this::next);
            }
        });
    }
}
