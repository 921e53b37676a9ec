package dev.conveyor.updater.run;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.jboss.logging.Logger;

/** Creates the indexes the writes and the history queries need. Creating an existing index is a no-op, so every start does it. */
@ApplicationScoped
public class RunIndexes {

    private static final Logger LOG = Logger.getLogger(RunIndexes.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    static final List<IndexModel> INDEXES = List.of(
            // The recorder's compare-and-set filter. MongoDB would find the run by _id alone; the MongoDB-wire test
            // server uses an index only for a query on exactly its keys and would scan the collection for every write.
            new IndexModel(Indexes.ascending(RunFields.ID, RunFields.VERSION), new IndexOptions().unique(true)),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending(RunFields.OWNER_ID), Indexes.descending(RunFields.CREATED_AT))),
            new IndexModel(Indexes.ascending(RunFields.STATUS)),
            new IndexModel(Indexes.ascending(RunFields.TASK_ID)),
            new IndexModel(Indexes.ascending(RunFields.ACTION)));

    private final ReactiveMongoCollection<Document> runs;

    RunIndexes(ReactiveMongoCollection<Document> runs) {
        this.runs = runs;
    }

    // Startup observers run on the main thread, so waiting is allowed; failing here when MongoDB is unreachable
    // lets the orchestrator restart the service instead of serving unindexed queries.
    void onStart(@Observes StartupEvent event) {
        List<String> names = runs.createIndexes(INDEXES).await().atMost(TIMEOUT);
        LOG.infof("Indexes of %s ready: %s", RunCollection.NAME, names);
    }
}
