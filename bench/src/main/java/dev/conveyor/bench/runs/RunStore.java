package dev.conveyor.bench.runs;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.bson.Document;

/**
 * The updater's {@code runs} collection, read the way the benchmark needs: how many of a user's runs ended, and
 * when each was created, finished and recorded. Field names as task-updater's run.RunFields. The embedded
 * MongoDB-wire server answers a count by a scan of the whole collection, CPU taken from the pipeline being measured,
 * so when Kafka's address is known a wait for runs to finish first waits, without counting, until the updater has
 * consumed everything ({@link UpdaterLag}).
 */
public final class RunStore implements AutoCloseable {

    static final String SUCCEEDED = "SUCCEEDED";
    private static final List<String> TERMINAL = List.of(SUCCEEDED, "FAILED", "DEAD", "CANCELLED");
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    /** Projected runs per reply: a few MB. */
    private static final int TIMES_BATCH = 20_000;

    private final MongoClient client;
    private final MongoCollection<Document> runs;
    private final UpdaterLag updaterLag;

    /** {@code kafka}: bootstrap servers, or null when unknown. */
    public RunStore(String uri, String database, String kafka) {
        this.client = MongoClients.create(uri);
        this.runs = client.getDatabase(database).getCollection("runs");
        this.updaterLag = kafka == null ? null : new UpdaterLag(kafka);
    }

    /** Runs of {@code ownerId} in a terminal state. */
    public long countTerminal(String ownerId) {
        return runs.countDocuments(Filters.and(Filters.eq("ownerId", ownerId), Filters.in("status", TERMINAL)));
    }

    /**
     * Waits until {@code expected} runs of {@code ownerId} are terminal (first, without counting, until the updater
     * has caught up, when Kafka's address is known), then saying how far it got every few seconds.
     * Returns how many are terminal when it stops (fewer than expected after the timeout).
     */
    public long awaitTerminal(String ownerId, long expected, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        if (updaterLag != null && !updaterLag.awaitCaughtUp(deadline)) {
            return countTerminal(ownerId);
        }
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        long terminal = countTerminal(ownerId);
        while (terminal < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL.toNanos());
            terminal = countTerminal(ownerId);
            if (System.nanoTime() > nextProgress) {
                System.out.printf("    ... %,d of %,d runs finished (%.0f s)%n", terminal, expected,
                        (System.nanoTime() - start) / 1e9);
                nextProgress += PROGRESS_EVERY.toNanos();
            }
        }
        return terminal;
    }

    /**
     * Every run of {@code ownerId} with its timestamps, in batches: the MongoDB-wire server otherwise answers with
     * one reply, which a long warm-up's runs make larger than a reply may be (48 MB).
     */
    public List<RunTimes> times(String ownerId) {
        List<RunTimes> times = new ArrayList<>();
        runs.find(Filters.eq("ownerId", ownerId))
                .projection(Projections.include("status", "createdAt", "finishedAt", "updatedAt"))
                .batchSize(TIMES_BATCH)
                .forEach(run -> times.add(new RunTimes(run.getString("_id"), run.getString("status"),
                        instant(run.getDate("createdAt")), instant(run.getDate("finishedAt")),
                        instant(run.getDate("updatedAt")))));
        return times;
    }

    /** When the last SUCCEEDED among {@code runs} was recorded, or {@code otherwise} if none succeeded. */
    public static Instant lastSuccessRecorded(List<RunTimes> runs, Instant otherwise) {
        return runs.stream().filter(RunTimes::succeeded).map(RunTimes::updatedAt).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(otherwise);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    @Override
    public void close() {
        if (updaterLag != null) {
            updaterLag.close();
        }
        client.close();
    }

    /**
     * One run's timestamps.
     *
     * @param createdAt  when the gateway accepted the launch
     * @param finishedAt when the worker finished it
     * @param updatedAt  when the updater wrote its last change: for a finished run, when its end was recorded
     */
    public record RunTimes(String id, String status, Instant createdAt, Instant finishedAt, Instant updatedAt) {

        public boolean succeeded() {
            return SUCCEEDED.equals(status);
        }
    }
}
