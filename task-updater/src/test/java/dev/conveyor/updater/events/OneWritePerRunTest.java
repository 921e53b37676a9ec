package dev.conveyor.updater.events;

import static dev.conveyor.updater.StoredRuns.ranks;
import static dev.conveyor.updater.TestRuns.requested;
import static dev.conveyor.updater.TestRuns.succeeded;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.infra.test.MongoTestResource;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunRef;
import dev.conveyor.updater.KafkaEvents;
import dev.conveyor.updater.StoredRuns;
import dev.conveyor.updater.TestRuns;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * A new run's request and outcome are written once, whichever is consumed first: the QUEUED waits for the outcome
 * (here up to 3 s, so that the test does not depend on how soon the second record is consumed), and an outcome
 * consumed first carries its request. The updater's count of documents written tells the writes.
 */
@QuarkusTest
@TestProfile(OneWritePerRunTest.LongQueuedWait.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class OneWritePerRunTest {

    public static class LongQueuedWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("conveyor.updater.queued-wait", "3s");
        }
    }

    @Inject
    KafkaEvents kafka;

    @Inject
    StoredRuns stored;

    @Inject
    MeterRegistry registry;

    @Test
    void aRequestWaitsForItsOutcomeAndTheRunIsWrittenOnce() {
        awaitConsumersAssigned();
        RunRef run = TestRuns.newRun();

        double writtenBefore = documentsWritten();
        assertEquals(0, waiting());

        // Each topic has its own consumer: the outcome, which carries no request here, is sent once the request
        // waits for it.
        kafka.send(run, requested(run, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> waiting() == 1);
        kafka.send(run, succeeded(run, 1));

        Document document = stored.awaitStatus(run, "SUCCEEDED");
        kafka.awaitAllConsumed();
        assertEquals(1, documentsWritten() - writtenBefore);
        assertEquals(0, waiting());
        assertEquals(List.of(10, 11, 19), ranks(document));
    }

    @Test
    void anOutcomeConsumedFirstWritesTheRunOnceAndItsRequestThenChangesNothing() {
        awaitConsumersAssigned();
        RunRef run = TestRuns.newRun();
        double writtenBefore = documentsWritten();

        kafka.send(run, withRequest(run));
        Document written = stored.awaitStatus(run, "SUCCEEDED");
        kafka.send(run, requested(run, 1));
        kafka.awaitAllConsumed();

        assertEquals(written, stored.find(run));
        assertEquals(1, documentsWritten() - writtenBefore);
        assertEquals(List.of(10, 11, 19), ranks(written));
        assertEquals(3, written.getInteger("maxAttempts"), "the carried request describes the run");
    }

    @Test
    void aRequestWithoutAnOutcomeIsWrittenOnceTheWaitIsOver() {
        RunRef run = TestRuns.newRun();

        kafka.send(run, requested(run, 1));

        Document queued = stored.awaitStatus(run, "QUEUED");
        assertEquals(List.of(10), ranks(queued));
    }

    /**
     * Each topic has its own consumer, which gets all of the topic's partitions once it joined the group: a record
     * consumed from each of pending-tasks and task-completed shows that both did.
     */
    private void awaitConsumersAssigned() {
        RunRef probe = TestRuns.newRun();
        kafka.send(probe, withRequest(probe));
        stored.awaitStatus(probe, "SUCCEEDED");
        kafka.send(probe, requested(probe, 1));
        kafka.awaitAllConsumed();
    }

    private double waiting() {
        return registry.get("conveyor.updater.queued.waiting").gauge().value();
    }

    private double documentsWritten() {
        return registry.find("conveyor.updater.documents.written").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static RunCompleted withRequest(RunRef run) {
        return succeeded(run, 1).toBuilder().setRequest(requested(run, 1)).setRequestedAt(TestRuns.at(0)).build();
    }
}
