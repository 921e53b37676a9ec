package dev.conveyor.worker.run;

import dev.conveyor.contract.Topics;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.worker.kafka.DeadLetterHeaders;
import dev.conveyor.worker.kafka.KafkaTests;
import dev.conveyor.worker.kafka.RunEventLog;
import dev.conveyor.worker.kafka.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static dev.conveyor.worker.kafka.TestKafka.header;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the platform cannot finish goes to pending-tasks-dlq: used-up attempts, unprocessable and undecodable records. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class DeadLetterKafkaTest extends KafkaTests {

    @Test
    void aRunThatUsedUpItsAttemptsIsDeadAndDeadLettered() {
        String runId = kafka.launch("fail", "{\"message\":\"flaky\",\"retryable\":true}", 0, 3);

        RunCompleted completed = events.completed(runId);
        ConsumerRecord<String, byte[]> lastRetry = events.await(Topics.PENDING_TASKS_RETRY,
                record -> runId.equals(record.key()), 2).get(1);
        ConsumerRecord<String, byte[]> letter = events.await(Topics.PENDING_TASKS_DLQ, runId);
        RunRequested died = RunEventLog.parse(RunRequested.parser(), letter);

        assertEquals(RunStatus.DEAD, completed.getStatus());
        assertEquals(3, completed.getAttempt());
        assertEquals("INTENTIONAL_FAILURE", completed.getError().getCode());
        assertEquals(3, died.getAttempt());
        assertEquals(completed.getError(), died.getError());
        assertEquals("{\"message\":\"flaky\",\"retryable\":true}", died.getInputJson());
        assertLetter(letter, "exhausted", Topics.PENDING_TASKS_RETRY, lastRetry.partition(), lastRetry.offset());
    }

    @Test
    void aRequestForAnUnknownActionIsDeadWithoutRunning() {
        String runId = UUID.randomUUID().toString();
        RecordMetadata request = kafka.send(Topics.PENDING_TASKS, runId,
                TestKafka.request(runId, "teleport", "{}", 0, 3).toByteArray());

        RunCompleted completed = events.completed(runId);
        ConsumerRecord<String, byte[]> letter = events.await(Topics.PENDING_TASKS_DLQ, runId);

        assertEquals(RunStatus.DEAD, completed.getStatus());
        assertEquals(RunErrors.UNKNOWN_ACTION, completed.getError().getCode());
        assertFalse(completed.hasStartedAt());
        assertEquals(RunErrors.UNKNOWN_ACTION, RunEventLog.parse(RunRequested.parser(), letter).getError().getCode());
        assertLetter(letter, "unprocessable", Topics.PENDING_TASKS, request.partition(), request.offset());
        kafka.awaitCommittedPast(request);
        assertTrue(events.readToEnd(Topics.TASK_STATUS, runId).isEmpty(), "never RUNNING");
        given().get("/q/metrics").then().statusCode(200).body(containsString(
                "conveyor_runs_dead_lettered_total{action=\"unknown\",application=\"go-style-worker\","
                        + "reason=\"unprocessable\"}"));
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {Topics.PENDING_TASKS, Topics.PENDING_TASKS_RETRY})
    void copiesAnUndecodableRecordByteForByteAndMovesOn(String topic) {
        String key = UUID.randomUUID().toString();
        byte[] garbage = {(byte) 0xff, 0x01, 0x02, 'n', 'o', 't', ' ', 'p', 'r', 'o', 't', 'o'};
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(topic, key, garbage);
        poison.headers().add("origin", "test".getBytes(StandardCharsets.UTF_8));
        RecordMetadata sent = kafka.send(poison);
        // Same key, so same partition: the valid request is only reached past the garbage.
        kafka.send(topic, key, TestKafka.request(key, "sum", "{\"numbers\":[1]}", 0, 3).toByteArray());

        ConsumerRecord<String, byte[]> letter = events.await(Topics.PENDING_TASKS_DLQ, key);

        assertArrayEquals(garbage, letter.value());
        assertEquals("test", header(letter, "origin"));
        assertLetter(letter, "undecodable", topic, sent.partition(), sent.offset());
        assertEquals(RunStatus.SUCCEEDED, events.completed(key).getStatus());
        given().get("/q/metrics").then().statusCode(200).body(containsString(
                "conveyor_runs_dead_lettered_total{action=\"unknown\",application=\"go-style-worker\","
                        + "reason=\"undecodable\"}"));
    }

    private static void assertLetter(ConsumerRecord<String, byte[]> letter, String reason, String topic, int partition,
                                     long offset) {
        assertEquals(reason, header(letter, DeadLetterHeaders.REASON));
        assertEquals(topic, header(letter, DeadLetterHeaders.TOPIC));
        assertEquals(Integer.toString(partition), header(letter, DeadLetterHeaders.PARTITION));
        assertEquals(Long.toString(offset), header(letter, DeadLetterHeaders.OFFSET));
    }
}
