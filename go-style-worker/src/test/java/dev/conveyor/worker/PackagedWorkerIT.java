package dev.conveyor.worker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conveyor.contract.Topics;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.worker.kafka.KafkaTests;
import dev.conveyor.worker.kafka.TestKafka;
import dev.conveyor.worker.run.RunErrors;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged worker (the JVM jar; the native executable when built with -Pnative) against the real broker: what
 * the native build must keep working, protobuf and JSON (de)serialization, the actions' reflection, the
 * dead-letter path, health and metrics.
 */
@QuarkusIntegrationTest
@WithTestResource(KafkaTestResource.class)
class PackagedWorkerIT extends KafkaTests {

    @Test
    void runsEveryKindOfActionToItsResult() {
        String sum = kafka.launch("sum", "{\"numbers\":[1,2,3.5]}", 0, 1);
        String words = kafka.launch("word-stats", "{\"text\":\"to be or not to be\"}", 0, 1);
        String hash = kafka.launch("hash", "{\"text\":\"conveyor\",\"iterations\":3}", 0, 1);

        RunCompleted summed = events.completed(sum);

        assertEquals(RunStatus.SUCCEEDED, summed.getStatus());
        assertTrue(summed.hasStartedAt());
        assertEquals("{\"count\":3,\"sum\":6.5}", summed.getResultJson());
        assertEquals(RunStatus.SUCCEEDED, events.completed(words).getStatus());
        assertEquals(RunStatus.SUCCEEDED, events.completed(hash).getStatus());
    }

    @Test
    void invalidInputFailsTheRunWithTheReason() {
        String runId = kafka.launch("primes", "{\"limit\":-5}", 0, 3);

        RunCompleted completed = events.completed(runId);

        assertEquals(RunStatus.FAILED, completed.getStatus());
        assertEquals(RunErrors.INVALID_INPUT, completed.getError().getCode());
        assertEquals(1, completed.getAttempt());
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAndTheNextOneRuns() {
        String key = UUID.randomUUID().toString();
        byte[] garbage = {(byte) 0xff, 0x01, 'n', 'o', 't', ' ', 'p', 'r', 'o', 't', 'o'};
        kafka.send(Topics.PENDING_TASKS, key, garbage);
        kafka.send(Topics.PENDING_TASKS, key, TestKafka.request(key, "sum", "{\"numbers\":[2]}", 0, 1).toByteArray());

        assertArrayEquals(garbage, events.await(Topics.PENDING_TASKS_DLQ, key).value());
        assertEquals(RunStatus.SUCCEEDED, events.completed(key).getStatus());
    }

    @Test
    void isReadyAndExposesItsMetrics() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'pending-tasks-retry intake' }.status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("conveyor_runs_"));
    }
}
