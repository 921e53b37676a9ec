package dev.conveyor.updater.run;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Records changes in their run's document: reads it, lets {@link RunStateMachine} decide, and writes the result
 * only if the document is still the version it read (compare and set on {@code version}). A concurrent write in
 * between (another event of the run, another updater instance) makes the write fail with a duplicate key on the
 * run's {@code _id} (an insert of a run created meanwhile, or the upsert a replace falls back to when its version is
 * gone); the change is then decided again on the new document. So every change is atomic without transactions, and
 * each write's filter is an exact {@code {_id, version}} match, which any server answers from an index.
 *
 * <p>Events consumed together are recorded together: their runs' documents are read in one query, but for those
 * this updater wrote last ({@link #read}, {@link RecentRuns}), each run's changes are decided in order from the
 * document so read ({@link #decide}), and the resulting documents are written in one bulk write ({@link #write}).
 * A run whose document changed since the read loses its write there, and its changes are recorded on their own, as
 * above.
 */
@ApplicationScoped
public class RunRecorder {

    private static final Logger LOG = Logger.getLogger(RunRecorder.class);

    // Each lost race means another change of the run was written, so a handful of retries always suffices; the bound
    // only turns a bug into a failure instead of a loop.
    private static final int MAX_RACES = 100;
    // Writes are conditional and decided again each time, so any failure (failover, timeout, network) is safe to retry.
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final int MAX_RETRIES = 8;
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final ReactiveMongoCollection<Document> runs;
    private final RunLatency latency;
    private final RecentRuns recent;
    private final DocumentWrites documentWrites;

    RunRecorder(ReactiveMongoCollection<Document> runs, RunLatency latency, RecentRuns recent,
                DocumentWrites documentWrites) {
        this.runs = runs;
        this.latency = latency;
        this.recent = recent;
        this.documentWrites = documentWrites;
    }

    /** What the collection holds for a run: its document, or {@code null} when it has none yet. */
    public record Stored(Document document) {
    }

    /**
     * The changes of one run, decided in order from its stored document: what each did, and the document to write
     * ({@code null} when none of them changed the run).
     */
    public static final class Decided {

        private final String runId;
        private final Document read;
        private final Document next;
        private final List<Outcome> outcomes;
        private final List<Change.Completed> completed;

        private Decided(String runId, Document read, Document next, List<Outcome> outcomes,
                        List<Change.Completed> completed) {
            this.runId = runId;
            this.read = read;
            this.next = next;
            this.outcomes = outcomes;
            this.completed = completed;
        }

        public String runId() {
            return runId;
        }

        /** What each change did, in the order of the changes. */
        public List<Outcome> outcomes() {
            return outcomes;
        }

        public boolean writes() {
            return next != null;
        }

        /** Whether the write creates the run's document (an insert) rather than replacing it. */
        public boolean creates() {
            return next != null && read == null;
        }

        private WriteModel<Document> model() {
            if (read == null) {
                return new InsertOneModel<>(next);
            }
            // An upsert: if the version read is gone, the insert it falls back to collides with the run's _id, and a
            // bulk write reports that duplicate key for this write alone, where a write matching nothing would only
            // lower the bulk's total.
            return new ReplaceOneModel<>(sameVersion(read), next, UPSERT);
        }
    }

    /**
     * Completes once the change is durably recorded, telling what it did: decided on a fresh read of the run, and
     * decided again on a new read whenever the run changed before the write, or the write failed.
     */
    public Uni<Outcome> record(RunChange change) {
        return Uni.createFrom().deferred(() -> readOne(change.runId()).chain(read -> recordOnce(change, read)))
                .onFailure(RaceLost.class).retry().atMost(MAX_RACES)
                .onFailure().retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(MAX_RETRIES);
    }

    /** Whether this updater wrote the run's document lately ({@link RecentRuns}): then it exists. */
    public boolean wroteLately(String runId) {
        return recent.get(runId) != null;
    }

    /**
     * The stored documents of these runs, by run id: those this updater wrote last as it wrote them
     * ({@link RecentRuns}), the others in one query; runs without a document are left out.
     */
    public Uni<Map<String, Document>> read(Collection<String> runIds) {
        Map<String, Document> byId = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String runId : runIds) {
            Document known = recent.get(runId);
            if (known != null) {
                byId.put(runId, known);
            } else {
                unknown.add(runId);
            }
        }
        if (unknown.isEmpty()) {
            return Uni.createFrom().item(byId);
        }
        return runs.find(Filters.in(RunFields.ID, unknown)).collect().in(() -> byId,
                (read, document) -> read.put(document.getString(RunFields.ID), document));
    }

    /** Decides {@code changes}, all of one run and in the order they are to be recorded, from its stored document. */
    public Decided decide(List<? extends RunChange> changes, Stored known, Instant now) {
        Document document = known.document();
        List<Outcome> outcomes = new ArrayList<>(changes.size());
        List<Change.Completed> completed = new ArrayList<>(1);
        for (RunChange change : changes) {
            Change result = decide(document, change, now);
            outcomes.add(result.outcome());
            if (result.next() != null) {
                document = result.next();
            }
            if (result.completed() != null) {
                completed.add(result.completed());
            }
        }
        Document next = document == known.document() ? null : document;
        return new Decided(changes.getFirst().runId(), known.document(), next, outcomes, completed);
    }

    /**
     * Writes the documents of the decided runs in one unordered bulk write: each write is conditional, as on its own.
     * Completes with the ids of the runs whose write was not done (their document changed since it was read, or
     * the write failed): their changes must be recorded again, on their own.
     */
    public Uni<Set<String>> write(List<Decided> decided) {
        List<Decided> writes = decided.stream().filter(Decided::writes).toList();
        if (writes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return runs.bulkWrite(writes.stream().map(Decided::model).toList(), new BulkWriteOptions().ordered(false))
                .map(result -> Set.<Integer>of())
                .onFailure().recoverWithItem(failure -> notWritten(failure, writes.size()))
                .map(failed -> {
                    for (int i = 0; i < writes.size(); i++) {
                        if (failed.contains(i)) {
                            recent.forget(writes.get(i).runId);
                        } else {
                            written(writes.get(i));
                        }
                    }
                    return failed.stream().map(i -> writes.get(i).runId).collect(Collectors.toSet());
                });
    }

    /** The indexes of the writes of a failed bulk write that were not done: all of them unless the server said which. */
    private static Set<Integer> notWritten(Throwable failure, int writes) {
        if (failure instanceof MongoBulkWriteException bulk && bulk.getWriteConcernError() == null) {
            return bulk.getWriteErrors().stream().map(BulkWriteError::getIndex).collect(Collectors.toSet());
        }
        LOG.debugf("A bulk write of %d runs failed: %s", writes, failure.toString());
        return IntStream.range(0, writes).boxed().collect(Collectors.toSet());
    }

    /** Remembers the run's written document, counts it and measures the drives its changes completed. */
    private void written(Decided decided) {
        recent.written(decided.next);
        documentWrites.written(decided.creates());
        decided.completed.forEach(latency::record);
    }

    private Uni<Stored> readOne(String runId) {
        return runs.find(new Document(RunFields.ID, runId)).collect().first().map(Stored::new);
    }

    private Uni<Outcome> recordOnce(RunChange change, Stored known) {
        Decided decided = decide(List.of(change), known, Instant.now());
        return write(decided)
                .onFailure().invoke(() -> recent.forget(change.runId()))
                .onFailure(RunRecorder::isDuplicateKey).transform(failure -> new RaceLost())
                .invoke(() -> {
                    if (decided.writes()) {
                        written(decided);
                    }
                })
                .replaceWith(decided.outcomes().getFirst());
    }

    private static Change decide(Document read, RunChange change, Instant now) {
        return switch (change) {
            case RunEvent event -> RunStateMachine.record(read, event, now);
            case CancelRequest cancel -> RunStateMachine.cancel(read, cancel, now);
        };
    }

    /** The run's write on its own, the same conditional write as in a group: a lost race is a duplicate key. */
    private Uni<Void> write(Decided decided) {
        if (!decided.writes()) {
            return Uni.createFrom().voidItem();
        }
        return runs.bulkWrite(List.of(decided.model())).replaceWithVoid();
    }

    /** The filter of a write conditional on the document still being the version read. */
    private static Document sameVersion(Document read) {
        return new Document(RunFields.ID, read.get(RunFields.ID)).append(RunFields.VERSION, read.get(RunFields.VERSION));
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof MongoBulkWriteException bulk && bulk.getWriteConcernError() == null
                && bulk.getWriteErrors().stream().allMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY);
    }

    /** The run changed between the read and the write. */
    private static final class RaceLost extends RuntimeException {
        RaceLost() {
            super("the run changed concurrently", null, false, false);
        }
    }
}
