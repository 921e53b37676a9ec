package dev.conveyor.updater.history;

import static dev.conveyor.updater.TestRuns.failed;
import static dev.conveyor.updater.TestRuns.requested;
import static dev.conveyor.updater.TestRuns.running;
import static dev.conveyor.updater.TestRuns.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.infra.test.MongoTestResource;
import dev.conveyor.proto.ActionStats;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Stats;
import dev.conveyor.proto.StatsRequest;
import dev.conveyor.proto.StatusCount;
import dev.conveyor.updater.KafkaEvents;
import dev.conveyor.updater.TestRuns;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** GetStats over runs recorded from real Kafka records, every one of them delivered twice. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class RunStatsTest {

    private static final String WORD_STATS_RESULT =
            "{\"words\": 4, \"ratio\": 0.5, \"text\": \"a b a c\", \"top\": [{\"word\": \"a\", \"count\": 2}], \"ok\": true}";

    @Inject
    KafkaEvents kafka;

    @TestHTTPResource
    URL url;

    private final String owner = "owner-" + UUID.randomUUID();
    private final String otherOwner = "owner-" + UUID.randomUUID();

    @Test
    void countsAndResultTotalsCountEachRunOnceHoweverOftenItsEventsWereDelivered() throws InterruptedException {
        RunRef sum1 = run(owner, "sum");
        RunRef sum2 = run(owner, "sum");
        RunRef sumFailed = run(owner, "sum");
        RunRef words = run(owner, "word-stats");
        RunRef queued = run(owner, "hash");
        RunRef othersRun = run(otherOwner, "sum");
        for (int delivery = 0; delivery < 2; delivery++) {
            kafka.send(sum1, requested(sum1, 1), running(sum1, 1), succeeded(sum1, 1));
            kafka.send(sum2, requested(sum2, 1), succeeded(sum2, 1));
            kafka.send(sumFailed, requested(sumFailed, 1), running(sumFailed, 1), failed(sumFailed, 1));
            kafka.send(words, requested(words, 1), succeeded(words, 1).toBuilder().setResultJson(WORD_STATS_RESULT).build());
            kafka.send(queued, requested(queued, 1));
            kafka.send(othersRun, requested(othersRun, 1), succeeded(othersRun, 1));
        }
        kafka.awaitAllConsumed();

        try (HistoryClient client = new HistoryClient(url)) {
            Stats stats = client.blocking().getStats(StatsRequest.newBuilder().setOwnerId(owner).build());
            Stats all = client.blocking().getStats(StatsRequest.getDefaultInstance());

            assertEquals(5, stats.getTotal());
            assertEquals(Map.of(RunStatus.QUEUED, 1L, RunStatus.SUCCEEDED, 3L, RunStatus.FAILED, 1L), counts(stats.getByStatusList()));
            assertEquals(List.of(RunStatus.QUEUED, RunStatus.SUCCEEDED, RunStatus.FAILED),
                    stats.getByStatusList().stream().map(StatusCount::getStatus).toList(), "in the order of the statuses");
            Map<String, ActionStats> byAction = stats.getByActionList().stream()
                    .collect(Collectors.toMap(ActionStats::getAction, action -> action));
            assertEquals(List.of("hash", "sum", "word-stats"), stats.getByActionList().stream().map(ActionStats::getAction).toList());
            assertEquals(Map.of(RunStatus.SUCCEEDED, 2L, RunStatus.FAILED, 1L), counts(byAction.get("sum").getByStatusList()));
            assertEquals(Map.of("sum", 12.0), byAction.get("sum").getResultTotalsMap());
            // Only numbers add up: the text, the list and the flag are left out.
            assertEquals(Map.of("words", 4.0, "ratio", 0.5), byAction.get("word-stats").getResultTotalsMap());
            assertEquals(Map.of(RunStatus.QUEUED, 1L), counts(byAction.get("hash").getByStatusList()));
            assertEquals(Map.of(), byAction.get("hash").getResultTotalsMap());
            assertTrue(all.getTotal() >= stats.getTotal() + 1, "all owners' runs, the other owner's too");
        }
    }

    @Test
    void anOwnerWithoutRunsHasEmptyStats() throws InterruptedException {
        try (HistoryClient client = new HistoryClient(url)) {
            Stats stats = client.blocking().getStats(StatsRequest.newBuilder().setOwnerId("owner-" + UUID.randomUUID()).build());

            assertEquals(Stats.getDefaultInstance(), stats);
        }
    }

    private static RunRef run(String ownerId, String action) {
        return TestRuns.newRun(ownerId, "task-" + action, action);
    }

    private static Map<RunStatus, Long> counts(List<StatusCount> counts) {
        return counts.stream().collect(Collectors.toMap(StatusCount::getStatus, StatusCount::getCount));
    }
}
