package dev.conveyor.updater;

import dev.conveyor.proto.RunRef;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.bson.Document;

/** The run documents as the updater stored them, read straight from the MongoDB-wire server. */
@Singleton
public class StoredRuns {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ReactiveMongoCollection<Document> runs;

    StoredRuns(ReactiveMongoCollection<Document> runs) {
        this.runs = runs;
    }

    /** The run's document, or {@code null}. */
    public Document find(RunRef run) {
        return runs.find(new Document("_id", run.getRunId())).collect().first().await().atMost(TIMEOUT);
    }

    public Document awaitStatus(RunRef run, String status) {
        return await(run, document -> status.equals(document.getString("status")));
    }

    /** Waits until the run exists and meets the condition. */
    public Document await(RunRef run, Predicate<Document> condition) {
        return Awaitility.await().atMost(TIMEOUT)
                .until(() -> find(run), document -> document != null && condition.test(document));
    }

    /** The run's transitions by rank, the order the history service shows them in. */
    public static List<Document> transitions(Document document) {
        return document.getList("transitions", Document.class).stream()
                .sorted(Comparator.comparing(t -> t.getInteger("rank")))
                .toList();
    }

    public static List<String> statuses(Document document) {
        return transitions(document).stream().map(t -> t.getString("status")).toList();
    }

    public static List<Integer> ranks(Document document) {
        return transitions(document).stream().map(t -> t.getInteger("rank")).toList();
    }
}
