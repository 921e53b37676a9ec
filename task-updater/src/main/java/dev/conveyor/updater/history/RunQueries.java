package dev.conveyor.updater.history;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Sorts;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import dev.conveyor.updater.run.RunFields;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Reads run documents for the history service. */
@ApplicationScoped
public class RunQueries {

    /** Newest first; the id breaks ties so that pages never overlap or skip a run. */
    private static final Bson NEWEST_FIRST = Sorts.orderBy(Sorts.descending(RunFields.CREATED_AT), Sorts.descending(RunFields.ID));

    private final ReactiveMongoCollection<Document> runs;

    RunQueries(ReactiveMongoCollection<Document> runs) {
        this.runs = runs;
    }

    /** The run, or {@code null}; restricted to one owner's runs unless {@code ownerId} is empty. */
    Uni<Document> find(String runId, String ownerId) {
        Bson filter = ownerId.isEmpty() ? eq(RunFields.ID, runId) : and(eq(RunFields.ID, runId), eq(RunFields.OWNER_ID, ownerId));
        return runs.find(filter).collect().first();
    }

    Uni<List<Document>> page(RunCriteria criteria) {
        FindOptions options = new FindOptions().filter(criteria.filter()).sort(NEWEST_FIRST)
                .skip(criteria.skip()).limit(criteria.size());
        return runs.find(options).collect().asList();
    }

    Uni<Long> count(RunCriteria criteria) {
        return runs.countDocuments(criteria.filter());
    }
}
