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

/**
 * Phase (c): runs per second from launch to SUCCEEDED recorded in MongoDB, with the pipeline kept full. Batches of
 * launches go out back to back from several senders for the phase's duration (one batch at a time would measure the
 * latency of a batch's transaction instead of the pipeline), pausing whenever {@code backlog} launched runs are still
 * unfinished (so the queue stays bounded); then every launched run is waited for. The rate is the runs that
 * succeeded over the time from the first launch to the last success recorded. One poller counts the finished runs
 * for all senders, every {@link #BACKLOG_POLL}: the embedded MongoDB-wire server answers a count by a scan of the
 * collection, CPU taken from the pipeline it measures.
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

    public EndToEndThroughput(Launcher launcher, RunStore store) {
        this.launcher = launcher;
        this.store = store;
    }

    public Result run(BenchUser user, int batchSize, int senders, int backlog, Duration duration,
                      Duration drainTimeout) {
        Refusals refused = new Refusals();
        Instant started = Instant.now();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicLong accepted = new AtomicLong();
        AtomicLong terminal = new AtomicLong();
        int chunk = launcher.chunk(batchSize);
        try (ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor()) {
            sending.submit(() -> {
                while (System.nanoTime() < end) {
                    LockSupport.parkNanos(BACKLOG_POLL.toNanos());
                    terminal.set(store.countTerminal(user.id()));
                }
            });
            for (int i = 0; i < senders; i++) {
                sending.submit(() -> {
                    while (System.nanoTime() < end) {
                        if (accepted.get() - terminal.get() >= backlog) {
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
        List<RunStore.RunTimes> runs = store.times(user.id());
        long succeeded = runs.stream().filter(RunStore.RunTimes::succeeded).count();
        Instant lastRecorded = RunStore.lastSuccessRecorded(runs, started);
        Duration elapsed = Duration.between(started, lastRecorded);
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return new Result(launched, succeeded, launched - finished, succeeded / seconds, launched / launchSeconds,
                elapsed, refused);
    }
}
