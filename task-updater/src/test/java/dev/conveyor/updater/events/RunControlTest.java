package dev.conveyor.updater.events;

import static dev.conveyor.updater.StoredRuns.statuses;
import static dev.conveyor.updater.StoredRuns.transitions;
import static dev.conveyor.updater.TestRuns.cancelRequested;
import static dev.conveyor.updater.TestRuns.cancelled;
import static dev.conveyor.updater.TestRuns.requested;
import static dev.conveyor.updater.TestRuns.retrying;
import static dev.conveyor.updater.TestRuns.running;
import static dev.conveyor.updater.TestRuns.succeeded;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.infra.test.MongoTestResource;
import dev.conveyor.proto.RunRef;
import dev.conveyor.updater.KafkaEvents;
import dev.conveyor.updater.StoredRuns;
import dev.conveyor.updater.TestRuns;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Cancellation requests read from the real run-control topic, as the gateway publishes them. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class RunControlTest {

    @Inject
    KafkaEvents kafka;

    @Inject
    StoredRuns stored;

    @Test
    void aQueuedRunIsCancelledAtItsAttemptAndTheWorkersCancellationChangesNothing() {
        RunRef run = TestRuns.newRun();
        kafka.send(run, requested(run, 1));
        stored.awaitStatus(run, "QUEUED");

        kafka.send(run, cancelRequested(run));

        Document cancelled = stored.awaitStatus(run, "CANCELLED");
        assertEquals(19, cancelled.getInteger("statusRank"));
        assertEquals(1, cancelled.getInteger("attempts"));
        Document transition = transitions(cancelled).getLast();
        assertEquals(List.of("CANCELLED", 1, 19, at(7)),
                List.of(transition.getString("status"), transition.getInteger("attempt"), transition.getInteger("rank"),
                        transition.getDate("at")));
        assertEquals(at(7), cancelled.getDate("finishedAt"));

        kafka.send(run, cancelled(run, 1), cancelRequested(run));
        kafka.awaitAllConsumed();
        assertEquals(cancelled, stored.find(run));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("conveyor_updater_events_total{application=\"task-updater\",outcome=\"applied\",status=\"CANCELLED\",topic=\"run-control\"}"))
                .body(containsString("conveyor_updater_events_total{application=\"task-updater\",outcome=\"unchanged\",status=\"CANCELLED\",topic=\"run-control\"}"));
    }

    @Test
    void aRetryingRunIsCancelledAndItsPendingRetryChangesNothing() {
        RunRef run = TestRuns.newRun();
        kafka.send(run, requested(run, 1), running(run, 1), retrying(run, 1));
        kafka.awaitAllConsumed();
        assertEquals("RETRYING", stored.find(run).getString("status"));

        kafka.send(run, cancelRequested(run));
        Document cancelled = stored.awaitStatus(run, "CANCELLED");
        assertEquals(List.of("QUEUED", "RUNNING", "RETRYING", "CANCELLED"), statuses(cancelled));

        kafka.send(run, running(run, 2), succeeded(run, 2));
        kafka.awaitAllConsumed();
        assertEquals(cancelled, stored.find(run));
    }

    @Test
    void aRunningRunIsLeftToTheOutcomeItsWorkerReports() {
        RunRef run = TestRuns.newRun();
        kafka.send(run, requested(run, 1), running(run, 1));
        kafka.awaitAllConsumed();
        Document running = stored.find(run);
        assertEquals("RUNNING", running.getString("status"));

        kafka.send(run, cancelRequested(run));
        kafka.awaitAllConsumed();
        assertEquals(running, stored.find(run));

        kafka.send(run, cancelled(run, 1));
        assertEquals(List.of("QUEUED", "RUNNING", "CANCELLED"), statuses(stored.awaitStatus(run, "CANCELLED")));
    }

    @Test
    void aRequestForARunNeverRecordedCreatesNothing() {
        RunRef run = TestRuns.newRun();

        kafka.send(run, cancelRequested(run));
        kafka.awaitAllConsumed();

        assertNull(stored.find(run));
    }

    private static Date at(int second) {
        return new Date(TestRuns.at(second).getSeconds() * 1000);
    }
}
