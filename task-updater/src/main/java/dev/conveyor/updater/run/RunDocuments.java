package dev.conveyor.updater.run;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.client.model.Updates;
import dev.conveyor.proto.Priority;
import dev.conveyor.proto.RunError;
import dev.conveyor.updater.run.RunEvent.Launch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The two conditional writes that record one event (no transactions: MongoDB-wire test servers have none, and
 * single-document conditions are enough).
 * <ol>
 * <li>{@link #withoutTransition}/{@link #recordTransition}: create the run if needed and add the event's transition
 * unless one with its rank is already there, with what the event tells whatever the run's status (the launch's
 * description, the latest queue and start times).</li>
 * <li>{@link #advanceable}/{@link #advance}: set the status and the event's fields only if the run is still below
 * the event's rank and the transition recorded at that rank is this event's.</li>
 * </ol>
 * Both are idempotent, so a crash between them is repaired by the redelivery.
 */
final class RunDocuments {

    private RunDocuments() {
    }

    // The conditions must sit in the filter for the writes to be atomic. Real MongoDB finds the run by its _id
    // index; the MongoDB-wire test server uses that index only for a query on exactly {_id} and scans the whole
    // collection otherwise, so embedded runs slow down as the collection grows.
    static Bson withoutTransition(RunEvent event) {
        return and(eq(RunFields.ID, event.runId()), ne(RunFields.TRANSITIONS + "." + RunFields.Transition.RANK, event.rank()));
    }

    static Bson recordTransition(RunEvent event, Instant now) {
        List<Bson> updates = new ArrayList<>();
        // Every event carries the whole RunRef, so whichever arrives first creates a run that knows its owner.
        updates.add(Updates.setOnInsert(RunFields.TASK_ID, event.run().getTaskId()));
        updates.add(Updates.setOnInsert(RunFields.OWNER_ID, event.run().getOwnerId()));
        updates.add(Updates.setOnInsert(RunFields.ACTION, event.run().getAction()));
        updates.add(Updates.setOnInsert(RunFields.STATUS_RANK, Ranks.NONE));
        if (event.launch() != null) {
            updates.addAll(launchDetails(event.launch()));
        }
        if (event.launch() == null || event.launch().createdAt() == null) {
            // Until the launch itself is recorded, its first event's time keeps the run in the newest-first lists.
            updates.add(Updates.setOnInsert(RunFields.CREATED_AT, event.at()));
        }
        updates.addAll(latestTimes(event));
        updates.add(Updates.push(RunFields.TRANSITIONS, transition(event)));
        updates.add(Updates.set(RunFields.UPDATED_AT, now));
        return Updates.combine(updates);
    }

    static Bson advanceable(RunEvent event) {
        return and(
                eq(RunFields.ID, event.runId()),
                lt(RunFields.STATUS_RANK, event.rank()),
                elemMatch(RunFields.TRANSITIONS, and(
                        eq(RunFields.Transition.RANK, event.rank()),
                        eq(RunFields.Transition.STATUS, event.status().name()))));
    }

    static Bson advance(RunEvent event, Instant now) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set(RunFields.STATUS, event.status().name()));
        updates.add(Updates.set(RunFields.STATUS_RANK, event.rank()));
        updates.add(Updates.set(RunFields.ATTEMPTS, event.attempt()));
        updates.add(Updates.set(RunFields.UPDATED_AT, now));
        if (event.workerId() != null) {
            updates.add(Updates.set(RunFields.WORKER_ID, event.workerId()));
        }
        // The run's error is the one that explains its current status: a new attempt or a success clears it.
        updates.add(event.error() == null
                ? Updates.unset(RunFields.ERROR)
                : Updates.set(RunFields.ERROR, error(event.error())));
        if (Ranks.isTerminal(event.status())) {
            updates.add(Updates.set(RunFields.FINISHED_AT, event.at()));
        }
        if (event.resultJson() != null) {
            updates.add(Updates.set(RunFields.RESULT, JsonValues.toStored(event.resultJson())));
        }
        return Updates.combine(updates);
    }

    private static List<Bson> launchDetails(Launch launch) {
        List<Bson> updates = new ArrayList<>();
        Object input = JsonValues.toStored(launch.inputJson());
        if (input != null) {
            updates.add(Updates.set(RunFields.INPUT, input));
        }
        if (launch.priority() != Priority.PRIORITY_UNSPECIFIED && launch.priority() != Priority.UNRECOGNIZED) {
            updates.add(Updates.set(RunFields.PRIORITY, launch.priority().name()));
        }
        if (launch.maxAttempts() > 0) {
            updates.add(Updates.set(RunFields.MAX_ATTEMPTS, launch.maxAttempts()));
        }
        if (launch.createdAt() != null) {
            updates.add(Updates.set(RunFields.CREATED_AT, launch.createdAt()));
        }
        if (launch.traceId() != null) {
            updates.add(Updates.set(RunFields.TRACE_ID, launch.traceId()));
        }
        return updates;
    }

    /**
     * When the latest attempt was queued and started. Kept as the maximum over the events rather than set by the
     * status, so that the times do not depend on the order the events arrive in.
     */
    private static List<Bson> latestTimes(RunEvent event) {
        return switch (event.status()) {
            case QUEUED -> List.of(Updates.max(RunFields.QUEUED_AT, event.at()));
            case RUNNING -> List.of(Updates.max(RunFields.STARTED_AT, event.at()));
            default -> event.startedAt() == null ? List.of() : List.of(Updates.max(RunFields.STARTED_AT, event.startedAt()));
        };
    }

    private static Document transition(RunEvent event) {
        Document transition = new Document(RunFields.Transition.STATUS, event.status().name())
                .append(RunFields.Transition.ATTEMPT, event.attempt())
                .append(RunFields.Transition.RANK, event.rank())
                .append(RunFields.Transition.AT, event.at());
        if (event.workerId() != null) {
            transition.append(RunFields.Transition.WORKER_ID, event.workerId());
        }
        if (event.error() != null) {
            transition.append(RunFields.Transition.ERROR, error(event.error()));
        }
        return transition;
    }

    private static Document error(RunError error) {
        return new Document(RunFields.Error.CODE, error.getCode())
                .append(RunFields.Error.MESSAGE, error.getMessage())
                .append(RunFields.Error.RETRYABLE, error.getRetryable());
    }
}
