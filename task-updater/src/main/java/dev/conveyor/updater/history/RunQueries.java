package dev.conveyor.updater.history;

import com.mongodb.client.model.Sorts;
import dev.conveyor.updater.run.RunFields;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
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
        // Looked up by _id alone and the owner checked here: the MongoDB-wire test server answers only a query on
        // exactly {_id} from its index, and scans the whole collection for any other.
        return runs.find(new Document(RunFields.ID, runId)).collect().first()
                .map(run -> run != null && (ownerId.isEmpty() || ownerId.equals(run.getString(RunFields.OWNER_ID))) ? run : null);
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
