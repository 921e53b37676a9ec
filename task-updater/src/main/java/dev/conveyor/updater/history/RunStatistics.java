package dev.conveyor.updater.history;

import static com.mongodb.client.model.Accumulators.sum;
import static com.mongodb.client.model.Aggregates.facet;
import static com.mongodb.client.model.Aggregates.group;
import static com.mongodb.client.model.Aggregates.match;
import static com.mongodb.client.model.Aggregates.project;
import static com.mongodb.client.model.Aggregates.unwind;

import com.mongodb.client.model.Facet;
import com.mongodb.client.model.Filters;
import dev.conveyor.proto.ActionStats;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Stats;
import dev.conveyor.proto.StatusCount;
import dev.conveyor.updater.run.RunFields;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Counts and result totals, aggregated from the run documents: one document per run, so however often an event
 * was delivered, each run is counted once and each SUCCEEDED result added once.
 */
@ApplicationScoped
public class RunStatistics {

    private static final String COUNTS = "counts";
    private static final String TOTALS = "totals";
    private static final String FIELD = "field";
    private static final String COUNT = "count";
    private static final String TOTAL = "total";

    private final ReactiveMongoCollection<Document> runs;

    RunStatistics(ReactiveMongoCollection<Document> runs) {
        this.runs = runs;
    }

    /** Of one owner's runs, or of all runs when {@code ownerId} is empty. */
    Uni<Stats> of(String ownerId) {
        Bson runsSeen = ownerId.isEmpty() ? Filters.empty() : Filters.eq(RunFields.OWNER_ID, ownerId);
        // One pass over the runs: both facets share the owner's runs, and the result is one small document
        // (actions x statuses counts, actions x numeric result fields totals).
        List<Bson> pipeline = List.of(
                match(runsSeen),
                facet(new Facet(COUNTS,
                                group(new Document(RunFields.ACTION, "$" + RunFields.ACTION)
                                        .append(RunFields.STATUS, "$" + RunFields.STATUS), sum(COUNT, 1))),
                        new Facet(TOTALS,
                                match(Filters.and(Filters.eq(RunFields.STATUS, RunStatus.SUCCEEDED.name()),
                                        Filters.type(RunFields.RESULT, BsonType.DOCUMENT))),
                                project(new Document(RunFields.ACTION, 1)
                                        .append(FIELD, new Document("$objectToArray", "$" + RunFields.RESULT))),
                                unwind("$" + FIELD),
                                match(Filters.type(FIELD + ".v", "number")),
                                group(new Document(RunFields.ACTION, "$" + RunFields.ACTION).append(FIELD, "$" + FIELD + ".k"),
                                        sum(TOTAL, "$" + FIELD + ".v")))));
        return runs.aggregate(pipeline).collect().first().map(RunStatistics::toStats);
    }

    private static Stats toStats(Document facets) {
        List<Count> counts = facets.getList(COUNTS, Document.class).stream()
                .map(Count::of)
                // A legacy run with no status yet is no run to count.
                .filter(count -> count.status() != null)
                .toList();
        Map<String, Map<String, Double>> totals = facets.getList(TOTALS, Document.class).stream()
                .collect(Collectors.groupingBy(total -> key(total).getString(RunFields.ACTION), TreeMap::new,
                        Collectors.toMap(total -> key(total).getString(FIELD),
                                total -> total.get(TOTAL, Number.class).doubleValue(), Double::sum, TreeMap::new)));
        Map<String, List<Count>> byAction = counts.stream()
                .collect(Collectors.groupingBy(Count::action, TreeMap::new, Collectors.toList()));
        return Stats.newBuilder()
                .addAllByStatus(statusCounts(counts))
                .addAllByAction(byAction.entrySet().stream().map(action -> ActionStats.newBuilder()
                        .setAction(action.getKey())
                        .addAllByStatus(statusCounts(action.getValue()))
                        .putAllResultTotals(totals.getOrDefault(action.getKey(), Map.of()))
                        .build()).toList())
                .setTotal(counts.stream().mapToLong(Count::count).sum())
                .build();
    }

    /** Per status, in the order of the status enum. */
    private static List<StatusCount> statusCounts(List<Count> counts) {
        return counts.stream()
                .collect(Collectors.groupingBy(Count::status, () -> new EnumMap<>(RunStatus.class),
                        Collectors.summingLong(Count::count)))
                .entrySet().stream()
                .map(entry -> StatusCount.newBuilder().setStatus(entry.getKey()).setCount(entry.getValue()).build())
                .toList();
    }

    private static Document key(Document grouped) {
        return grouped.get("_id", Document.class);
    }

    private record Count(String action, RunStatus status, long count) {

        static Count of(Document grouped) {
            Document key = key(grouped);
            String status = key.getString(RunFields.STATUS);
            return new Count(key.getString(RunFields.ACTION) == null ? "" : key.getString(RunFields.ACTION),
                    status == null ? null : RunStatus.valueOf(status), grouped.get(COUNT, Number.class).longValue());
        }
    }
}
