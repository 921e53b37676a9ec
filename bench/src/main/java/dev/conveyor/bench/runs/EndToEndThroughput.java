package dev.conveyor.bench.runs;

import dev.conveyor.bench.api.BenchUser;
import dev.conveyor.bench.api.Launcher;
import dev.conveyor.bench.stats.Refusals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Phase (c): runs per second from launch to SUCCEEDED recorded in MongoDB, with the pipeline kept full. Batches of
 * launches go out back to back from several senders for the phase's duration (one batch at a time would measure the
 * latency of a batch's transaction instead of the pipeline), pausing whenever {@code backlog} launched runs are not
 * yet ended (so the queue stays bounded); then every launched run is waited for. The rate is the runs that succeeded
 * over the time from the first launch to the last success recorded. The backlog is counted from the workers'
 * task-completed records ({@link EndedRuns}) when the benchmark knows Kafka's address; otherwise one poller counts
 * the finished runs in MongoDB every {@link #BACKLOG_POLL}, which the embedded MongoDB-wire server answers by a scan
 * of the collection, CPU taken from the pipeline it measures.
 */
public final class EndToEndThroughput {

    private static final Duration BACKLOG_POLL = Duration.ofMillis(500);
    private static final Duration SENDER_PAUSE = Duration.ofMillis(50);

    /**
     * @param launched        runs accepted by the gateway
     * @param succeeded       of those, SUCCEEDED in MongoDB
     * @param unfinished      not terminal when the wait ended
     * @param runsPerSecond   succeeded / (last success recorded - first launch)
     * @param launchPerSecond accepted launches per second while launching
     * @param elapsed         first launch to last success recorded
     */
    public record Result(long launched, long succeeded, long unfinished, double runsPerSecond, double launchPerSecond,
                         Duration elapsed, Refusals refused) {
    }

    private final Launcher launcher;
    private final RunStore store;
    private final String kafka;

    /** {@code kafka}: bootstrap servers, or null when unknown. */
    public EndToEndThroughput(Launcher launcher, RunStore store, String kafka) {
        this.launcher = launcher;
        this.store = store;
        this.kafka = kafka;
    }

    /** {@code runsEnded} runs once the runs have ended, before their times are read back from MongoDB. */
    public Result run(BenchUser user, int batchSize, int senders, int backlog, Duration duration,
                      Duration drainTimeout, Runnable runsEnded) throws InterruptedException {
        Refusals refused = new Refusals();
        Instant started = Instant.now();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicLong accepted = new AtomicLong();
        int chunk = launcher.chunk(batchSize);
        try (EndedRuns endedRuns = kafka == null ? null : new EndedRuns(kafka, user.id());
             ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor()) {
            LongSupplier ended = endedRuns == null ? pollTerminal(sending, user, end) : endedRuns::count;
            for (int i = 0; i < senders; i++) {
                sending.submit(() -> {
                    while (System.nanoTime() < end) {
                        if (accepted.get() - ended.getAsLong() >= backlog) {
                            LockSupport.parkNanos(SENDER_PAUSE.toNanos());
                            continue;
                        }
                        accepted.addAndGet(launcher.launch(chunk, refused).size());
                    }
                });
            }
        }
        long launched = accepted.get();
        double launchSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("    launched %,d runs in %.1f s; waiting for them to finish ...%n", launched, launchSeconds);
        long finished = store.awaitTerminal(user.id(), launched, drainTimeout);
        runsEnded.run();
        List<RunStore.RunTimes> runs = store.times(user.id());
        long succeeded = runs.stream().filter(RunStore.RunTimes::succeeded).count();
        Instant lastRecorded = RunStore.lastSuccessRecorded(runs, started);
        Duration elapsed = Duration.between(started, lastRecorded);
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return new Result(launched, succeeded, launched - finished, succeeded / seconds, launched / launchSeconds,
                elapsed, refused);
    }

    /** The user's runs terminal in MongoDB, counted every {@link #BACKLOG_POLL} until {@code end}. */
    private LongSupplier pollTerminal(ExecutorService executor, BenchUser user, long end) {
        AtomicLong terminal = new AtomicLong();
        executor.submit(() -> {
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(BACKLOG_POLL.toNanos());
                terminal.set(store.countTerminal(user.id()));
            }
        });
        return terminal::get;
    }
}
