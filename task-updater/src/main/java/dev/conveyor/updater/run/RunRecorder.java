package dev.conveyor.updater.run;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The run state machine: records one event in its run's document, idempotently and never backwards. */
@ApplicationScoped
public class RunRecorder {

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    // Both writes are idempotent, so any failure (failover, timeout, network) is safe to retry.
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final int MAX_RETRIES = 8;

    private final ReactiveMongoCollection<Document> runs;

    RunRecorder(ReactiveMongoCollection<Document> runs) {
        this.runs = runs;
    }

    /** Completes once the event is durably recorded, telling what it changed. */
    public Uni<Outcome> record(RunEvent event) {
        Instant now = Instant.now();
        return addTransition(event, now)
                .chain(added -> runs.updateOne(RunDocuments.advanceable(event), RunDocuments.advance(event, now))
                        .map(advanced -> outcome(added, advanced)))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(MAX_RETRIES);
    }

    // A redelivery after a crash between the two writes adds nothing but still advances: it counts as applied.
    private static Outcome outcome(boolean added, UpdateResult advanced) {
        if (advanced.getMatchedCount() > 0) {
            return Outcome.APPLIED;
        }
        return added ? Outcome.LATE : Outcome.UNCHANGED;
    }

    /** Whether the transition was added (rather than found already there). */
    private Uni<Boolean> addTransition(RunEvent event, Instant now) {
        Bson filter = RunDocuments.withoutTransition(event);
        Bson update = RunDocuments.recordTransition(event, now);
        // A duplicate key means the run exists but the filter did not match it when the upsert ran: either its
        // transition is already there, or another event created the run concurrently. The plain update settles
        // both, adding the transition only in the second case.
        return runs.updateOne(filter, update, UPSERT)
                .onFailure(RunRecorder::isDuplicateKey).recoverWithUni(() -> runs.updateOne(filter, update))
                .map(result -> result.getMatchedCount() > 0 || result.getUpsertedId() != null);
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof MongoWriteException write
                && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
