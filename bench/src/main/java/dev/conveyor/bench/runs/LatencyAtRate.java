package dev.conveyor.bench.runs;

import dev.conveyor.bench.api.BenchUser;
import dev.conveyor.bench.api.Launcher;
import dev.conveyor.bench.stats.Latencies;
import dev.conveyor.bench.stats.Refusals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Phase (d): launch to SUCCEEDED latency at a fixed offered rate. Launches go out on a fixed schedule whatever the
 * answers (an open loop: a slow gateway does not slow the load down), in small batches every tick. Each run's
 * latency counts from the moment the schedule meant to launch it, so queueing in the client or the gateway is in
 * the figure (no coordinated omission).
 */
public final class LatencyAtRate {

    /** Batch requests waiting for an answer at once; past that the schedule's launches are not sent. */
    public static final int MAX_OUTSTANDING_REQUESTS = 32;
    private static final int MIN_TICKS_PER_SECOND = 10;

    /**
     * @param offered           runs/s asked for
     * @param scheduled         launches the schedule called for
     * @param notSent           of those, not sent because {@value #MAX_OUTSTANDING_REQUESTS} requests were already
     *                          waiting for an answer (the gateway could not keep up)
     * @param accepted          launches accepted
     * @param acceptedPerSecond accepted over the phase's duration
     * @param succeededPerSecond SUCCEEDED over first launch to last success recorded
     * @param unfinished        accepted runs not terminal when the wait ended
     * @param toFinished        scheduled launch -> finishedAt (the worker's end) of SUCCEEDED runs
     * @param toRecorded        scheduled launch -> SUCCEEDED written to MongoDB (the document's updatedAt)
     * @param createdToFinished the run document's createdAt -> finishedAt, as the services saw it
     */
    public record Result(int offered, long scheduled, long notSent, long accepted, double acceptedPerSecond,
                         double succeededPerSecond, long unfinished, Latencies.Summary toFinished,
                         Latencies.Summary toRecorded, Latencies.Summary createdToFinished, Refusals refused) {
    }

    private final Launcher launcher;
    private final RunStore store;

    public LatencyAtRate(Launcher launcher, RunStore store) {
        this.launcher = launcher;
        this.store = store;
    }

    /** {@code runsEnded} runs once the runs have ended, before their times are read back from MongoDB. */
    public Result run(BenchUser user, int rate, int maxBatch, Duration duration, Duration drainTimeout,
                      Runnable runsEnded) {
        Launches launches = launchOnSchedule(rate, maxBatch, duration);
        long accepted = launches.scheduledAt().size();
        System.out.printf("    %d runs/s: %,d of %,d scheduled launches accepted; waiting for them to finish ...%n",
                rate, accepted, launches.scheduled());
        long finished = store.awaitTerminal(user.id(), accepted, drainTimeout);
        runsEnded.run();
        return summarize(rate, duration, launches, accepted - finished, store.times(user.id()));
    }

    /** What the schedule did: the accepted runs with the time each was meant to be launched. */
    private record Launches(Instant started, long scheduled, long notSent, Map<String, Instant> scheduledAt,
                            Refusals refused) {
    }

    private Launches launchOnSchedule(int rate, int maxBatch, Duration duration) {
        int ticksPerSecond = rate < MIN_TICKS_PER_SECOND ? rate
                : Math.max(MIN_TICKS_PER_SECOND, (rate + maxBatch - 1) / maxBatch);
        long tickNanos = 1_000_000_000L / ticksPerSecond;
        double perTick = (double) rate / ticksPerSecond;
        Map<String, Instant> scheduledAt = new ConcurrentHashMap<>();
        Refusals refused = new Refusals();
        Semaphore outstanding = new Semaphore(MAX_OUTSTANDING_REQUESTS);
        long scheduled = 0;
        long notSent = 0;
        Instant started = Instant.now();
        long start = System.nanoTime();
        long ticks = duration.toNanos() / tickNanos;
        try (var requests = Executors.newVirtualThreadPerTaskExecutor()) {
            double owed = 0;
            for (long tick = 0; tick < ticks; tick++) {
                long due = start + tick * tickNanos;
                LockSupport.parkNanos(due - System.nanoTime());
                owed += perTick;
                int count = (int) owed;
                owed -= count;
                if (count == 0) {
                    continue;
                }
                scheduled += count;
                if (!outstanding.tryAcquire()) {
                    notSent += count;
                    continue;
                }
                Instant when = started.plusNanos(due - start);
                requests.submit(() -> {
                    try {
                        launcher.launch(count, refused).forEach(runId -> scheduledAt.put(runId, when));
                    } finally {
                        outstanding.release();
                    }
                });
            }
        }
        return new Launches(started, scheduled, notSent, scheduledAt, refused);
    }

    private static Result summarize(int rate, Duration duration, Launches launches, long unfinished,
                                    List<RunStore.RunTimes> runs) {
        Latencies toFinished = new Latencies();
        Latencies toRecorded = new Latencies();
        Latencies createdToFinished = new Latencies();
        long succeeded = 0;
        for (RunStore.RunTimes run : runs) {
            Instant launched = launches.scheduledAt().get(run.id());
            if (!run.succeeded() || launched == null || run.finishedAt() == null) {
                continue;
            }
            succeeded++;
            toFinished.add(Duration.between(launched, run.finishedAt()));
            toRecorded.add(Duration.between(launched, run.updatedAt()));
            createdToFinished.add(Duration.between(run.createdAt(), run.finishedAt()));
        }
        Instant lastRecorded = RunStore.lastSuccessRecorded(runs, launches.started());
        double seconds = Math.max(Duration.between(launches.started(), lastRecorded).toNanos(), 1) / 1e9;
        return new Result(rate, launches.scheduled(), launches.notSent(), launches.scheduledAt().size(),
                launches.scheduledAt().size() / (duration.toNanos() / 1e9), succeeded / seconds, unfinished,
                toFinished.summary(), toRecorded.summary(), createdToFinished.summary(), launches.refused());
    }
}
