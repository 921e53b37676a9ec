package dev.conveyor.updater.run;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code runs} collection: one document per run, shared by the recorder and the history queries. */
@ApplicationScoped
public class RunCollection {

    public static final String NAME = "runs";

    @Produces
    @Singleton
    ReactiveMongoCollection<Document> runs(ReactiveMongoClient client,
                                           @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        return client.getDatabase(database).getCollection(NAME);
    }
}
