package dev.conveyor.infra.control.logs;

import dev.conveyor.infra.control.logs.BulkClient.Outcome;
import dev.conveyor.infra.control.logs.LogLine.Document;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ships the services' log files into the log search engine, as Filebeat does with their container logs in compose
 * (observability/LOGS.md): follows each file, turns every complete line into an ECS document (see
 * {@link LogLine}), and bulk-indexes them into {@code logs-conveyor-<service>}.
 * <ul>
 *   <li>Batches by size and by time: a batch goes out when it is full or its first line has waited
 *       {@link Settings#flushInterval()}.</li>
 *   <li>Nothing lost: a file's position advances, in the state file, only once every line read from it is stored;
 *       while the engine is down or busy the same batch is retried with exponential backoff.</li>
 *   <li>Nothing duplicated: every document's id is its file incarnation plus byte offset, and documents are created,
 *       never overwritten, so a batch sent again or a range shipped again after a crash stores each line once.</li>
 * </ul>
 * One thread does all the work; files are read with plain blocking I/O on it.
 */
public final class LogShipper implements AutoCloseable {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(10);

    private final String engineUrl;
    private final Settings settings;
    private final ShipperState state;
    private final List<LogTail> tails;
    private final BulkClient bulk;
    private final ScheduledExecutorService thread;

    // Used by the shipper's thread only (and by close() once that thread has stopped).
    private List<Pending> batch = new ArrayList<>();
    private int batchBytes;
    private Instant batchStarted;
    private boolean retrying;
    private Instant retryAt = Instant.MIN;
    private Duration backoff = FIRST_BACKOFF;
    private String pausedBecause;
    private int firstTail;

    private LogShipper(String engineUrl, Settings settings, ShipperState state, List<LogTail> tails) {
        this.engineUrl = engineUrl;
        this.settings = settings;
        this.state = state;
        this.tails = tails;
        this.bulk = new BulkClient(engineUrl);
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread shipper = new Thread(task, "log-shipper");
            shipper.setDaemon(true);
            return shipper;
        });
    }

    /**
     * Starts shipping.
     *
     * @param engineUrl the search engine, e.g. {@code http://127.0.0.1:9200}
     * @param stateFile where the shipped positions are kept; reuse it to resume after a restart
     * @param sources   the log files (they may appear later)
     */
    public static LogShipper start(String engineUrl, Path stateFile, List<LogSource> sources, Settings settings) {
        ShipperState state = ShipperState.load(stateFile);
        List<LogTail> tails = sources.stream()
                .map(source -> new LogTail(source, state.position(source.file())))
                .toList();
        LogShipper shipper = new LogShipper(engineUrl, settings, state, tails);
        shipper.thread.scheduleWithFixedDelay(shipper::tick, 0, settings.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        return shipper;
    }

    public String engineUrl() {
        return engineUrl;
    }

    private void tick() {
        try {
            Instant now = Instant.now();
            if (retrying) {
                if (!now.isBefore(retryAt)) {
                    send(now);
                }
                return;
            }
            fill(now);
            if (!batch.isEmpty() && (full() || !now.isBefore(batchStarted.plus(settings.flushInterval())))) {
                send(now);
            }
        } catch (RuntimeException e) {
            // Keep the schedule alive: a task that throws is never run again.
            pause(e.toString());
        }
    }

    /**
     * Reads new lines into the batch until it is full or every file is read to its end, starting with a different
     * file each time so one busy service cannot hold back the others.
     */
    private void fill(Instant now) {
        for (int i = 0; i < tails.size() && !full(); i++) {
            LogTail tail = tails.get((firstTail + i) % tails.size());
            try {
                List<LogLine> lines;
                do {
                    lines = tail.read(settings.batchDocuments() - batch.size());
                    if (tail.takeNewIncarnation()) {
                        saveState();
                    }
                    lines.forEach(line -> add(new Pending(line, line.document(now), false)));
                } while (!lines.isEmpty() && !full());
            } catch (IOException e) {
                pause("cannot read " + tail.source().file() + ": " + e);
            }
        }
        firstTail = tails.isEmpty() ? 0 : (firstTail + 1) % tails.size();
    }

    private void add(Pending pending) {
        if (batch.isEmpty()) {
            batchStarted = Instant.now();
        }
        batch.add(pending);
        batchBytes += pending.document().source().length();
    }

    private boolean full() {
        return batch.size() >= settings.batchDocuments() || batchBytes >= settings.batchBytes();
    }

    private void send(Instant now) {
        List<Outcome> outcomes;
        try {
            outcomes = bulk.send(batch.stream().map(Pending::document).toList());
        } catch (IOException e) {
            retryLater(now, e.toString());
            return;
        }
        List<Pending> remaining = new ArrayList<>();
        String retryReason = null;
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            Pending pending = batch.get(i);
            if (outcome.stored()) {
                continue;
            }
            if (outcome.retryable()) {
                remaining.add(pending);
                retryReason = outcome.error();
            } else if (!pending.asMessage()) {
                // E.g. a field whose type clashes with the mapping: keep the line, as text, rather than lose it.
                remaining.add(new Pending(pending.line(), pending.line().asMessage(now), true));
            } else {
                System.err.println("Log shipper: the search engine refused line " + pending.line().id() + " of "
                        + pending.line().source().file() + ", dropped: " + outcome.error());
            }
        }
        batch = remaining;
        if (batch.isEmpty()) {
            shipped();
        } else if (retryReason != null) {
            retryLater(now, retryReason);
        } else {
            retrying = true;
            retryAt = now;
        }
    }

    private void shipped() {
        tails.forEach(LogTail::commit);
        saveState();
        batchBytes = 0;
        retrying = false;
        backoff = FIRST_BACKOFF;
        if (pausedBecause != null) {
            System.err.println("Log shipper: shipping to " + engineUrl + " again");
            pausedBecause = null;
        }
    }

    private void retryLater(Instant now, String reason) {
        retrying = true;
        retryAt = now.plus(backoff);
        backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                ? settings.maxBackoff() : backoff.multipliedBy(2);
        pause(reason);
    }

    /** Says once why shipping stopped, not on every retry. */
    private void pause(String reason) {
        if (pausedBecause == null) {
            System.err.println("Log shipper: cannot ship to " + engineUrl + " (" + reason + "); retrying");
        }
        pausedBecause = reason;
    }

    private void saveState() {
        tails.forEach(tail -> state.put(tail.source().file(), tail.shipped()));
        state.save();
    }

    /**
     * Stops following the files after one last pass, so the final lines of services that were just stopped are
     * shipped too; if the engine cannot take them now, the state file keeps them for the next start.
     */
    @Override
    public void close() {
        if (thread.isShutdown()) {
            return;
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CLOSE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
                return;
            }
            Instant deadline = Instant.now().plus(CLOSE_DEADLINE);
            pausedBecause = null;
            while (Instant.now().isBefore(deadline)) {
                if (!retrying) {
                    fill(Instant.now());
                }
                if (batch.isEmpty()) {
                    break;
                }
                send(Instant.now());
                if (pausedBecause != null) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            bulk.close();
        }
    }

    /**
     * How the shipper batches and retries.
     *
     * @param batchDocuments at most this many documents per bulk request
     * @param batchBytes     a batch is sent once its documents reach this size
     * @param flushInterval  longest a read line waits for its batch to fill
     * @param pollInterval   how often the files are checked for new lines
     * @param maxBackoff     longest wait between two attempts while the engine is unreachable
     */
    public record Settings(int batchDocuments, int batchBytes, Duration flushInterval, Duration pollInterval,
                           Duration maxBackoff) {

        public static Settings defaults() {
            return new Settings(1000, 4 << 20, Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofSeconds(30));
        }
    }

    /** A document waiting in the batch; {@code asMessage} once it has been turned into plain text after a refusal. */
    private record Pending(LogLine line, Document document, boolean asMessage) {
    }
}
