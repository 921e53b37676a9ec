package dev.conveyor.updater.run;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;

/**
 * Records changes in their run's document: reads it, lets {@link RunStateMachine} decide, and writes the result
 * only if the document is still the version it read (compare and set on {@code version}). A concurrent write in
 * between (another event of the run, another updater instance) makes the write match nothing; the change is then
 * decided again on the new document. So every change is atomic without transactions, and each write's filter is an
 * exact {@code {_id, version}} match, which any server answers from an index.
 *
 * <p>A batch of events reads its runs' documents in one query ({@link #read}) and each change starts from the
 * document so read, or from the one its run's previous change wrote: one write per event instead of a read and a
 * write. A document that changed meanwhile makes the write match nothing, and the change is recorded as above.
 */
@ApplicationScoped
public class RunRecorder {

    // Each lost race means another change of the run was written, so a handful of retries always suffices; the bound
    // only turns a bug into a failure instead of a loop.
    private static final int MAX_RACES = 100;
    // Writes are conditional and decided again each time, so any failure (failover, timeout, network) is safe to retry.
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final int MAX_RETRIES = 8;

    private final ReactiveMongoCollection<Document> runs;
    private final RunLatency latency;

    RunRecorder(ReactiveMongoCollection<Document> runs, RunLatency latency) {
        this.runs = runs;
        this.latency = latency;
    }

    /** What the collection holds for a run: its document, or {@code null} when it has none yet. */
    public record Stored(Document document) {
    }

    /** What recording a change did, and the run's document after it. */
    public record Recorded(Outcome outcome, Stored after) {
    }

    /** Completes once the change is durably recorded, telling what it did. */
    public Uni<Outcome> record(RunChange change) {
        return record(change, null).map(Recorded::outcome);
    }

    /**
     * Records the change starting from {@code known}, the run's document as last read or written, or reads it first
     * when {@code known} is {@code null}. If the run changed since, or the write failed, the change is decided again
     * on a fresh read.
     */
    public Uni<Recorded> record(RunChange change, Stored known) {
        Uni<Recorded> fromRead = Uni.createFrom()
                .deferred(() -> readOne(change.runId()).chain(read -> recordOnce(change, read)))
                .onFailure(RaceLost.class).retry().atMost(MAX_RACES)
                .onFailure().retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(MAX_RETRIES);
        if (known == null) {
            return fromRead;
        }
        return Uni.createFrom().deferred(() -> recordOnce(change, known))
                .onFailure().recoverWithUni(fromRead);
    }

    /** The stored documents of these runs, by run id, in one query; runs without a document are left out. */
    public Uni<Map<String, Document>> read(Collection<String> runIds) {
        return runs.find(Filters.in(RunFields.ID, runIds)).collect().in(HashMap::new,
                (byId, document) -> byId.put(document.getString(RunFields.ID), document));
    }

    private Uni<Stored> readOne(String runId) {
        return runs.find(new Document(RunFields.ID, runId)).collect().first().map(Stored::new);
    }

    private Uni<Recorded> recordOnce(RunChange change, Stored known) {
        Change result = decide(known.document(), change, Instant.now());
        return write(known.document(), result.next())
                .invoke(() -> {
                    if (result.completed() != null) {
                        latency.record(result.completed());
                    }
                })
                .replaceWith(() -> new Recorded(result.outcome(),
                        result.next() == null ? known : new Stored(result.next())));
    }

    private static Change decide(Document read, RunChange change, Instant now) {
        return switch (change) {
            case RunEvent event -> RunStateMachine.record(read, event, now);
            case CancelRequest cancel -> RunStateMachine.cancel(read, cancel, now);
        };
    }

    private Uni<Void> write(Document read, Document next) {
        if (next == null) {
            return Uni.createFrom().voidItem();
        }
        if (read == null) {
            // Another change created the run first: decided again on what it wrote.
            return runs.insertOne(next)
                    .onFailure(RunRecorder::isDuplicateKey).transform(failure -> new RaceLost())
                    .replaceWithVoid();
        }
        Document sameVersion = new Document(RunFields.ID, read.get(RunFields.ID))
                .append(RunFields.VERSION, read.get(RunFields.VERSION));
        return runs.replaceOne(sameVersion, next)
                .invoke(result -> {
                    if (result.getMatchedCount() == 0) {
                        throw new RaceLost();
                    }
                })
                .replaceWithVoid();
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof MongoWriteException write
                && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /** The run changed between the read and the write. */
    private static final class RaceLost extends RuntimeException {
        RaceLost() {
            super("the run changed concurrently", null, false, false);
        }
    }
}
