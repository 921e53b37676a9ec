package dev.conveyor.worker.run;

import com.google.protobuf.Timestamp;
import dev.conveyor.contract.Topics;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.RunStatusChanged;
import dev.conveyor.worker.kafka.KafkaTests;
import dev.conveyor.worker.kafka.RunEventLog;
import dev.conveyor.worker.kafka.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries against the real broker: RETRYING, the next attempt through pending-tasks-retry, and its outcome. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class RetryKafkaTest extends KafkaTests {

    /** conveyor.worker.retry.base-delay in the test profile: the longest backoff after a first attempt. */
    private static final Duration FIRST_BACKOFF_CAP = Duration.ofMillis(200);

    @Test
    void retriesARetryableFailureAfterABackoffUntilItSucceeds() {
        String runId = kafka.launch("flaky", "{\"succeedOnAttempt\":2}", 0, 3);

        RunRequested next = RunEventLog.parse(RunRequested.parser(), events.await(Topics.PENDING_TASKS_RETRY, runId));
        RunCompleted completed = events.completed(runId);
        List<RunStatusChanged> statuses = events.readToEnd(Topics.TASK_STATUS, runId).stream()
                .map(record -> RunEventLog.parse(RunStatusChanged.parser(), record)).toList();
        RunStatusChanged retrying = statuses.get(1);

        // RETRYING does not say when its attempt started: its RUNNING goes first, however quick the attempt was.
        // The quick second attempt's start is in its completion only.
        assertEquals(List.of(RunStatus.RUNNING, RunStatus.RETRYING),
                statuses.stream().map(RunStatusChanged::getStatus).toList());
        assertEquals(1, retrying.getAttempt());
        assertEquals(FlakyAction.CODE, retrying.getError().getCode());
        assertTrue(retrying.getError().getRetryable());

        assertEquals(2, next.getAttempt());
        assertEquals(3, next.getMaxAttempts());
        assertEquals("{\"succeedOnAttempt\":2}", next.getInputJson());
        assertFalse(next.hasError());
        Duration backoff = Duration.between(instant(retrying.getAt()), instant(next.getNotBefore()));
        assertTrue(!backoff.isNegative() && backoff.compareTo(FIRST_BACKOFF_CAP) <= 0, backoff::toString);
        // The second attempt waited for its time.
        assertFalse(instant(completed.getStartedAt()).isBefore(instant(next.getNotBefore())));

        assertEquals(RunStatus.SUCCEEDED, completed.getStatus());
        assertEquals(2, completed.getAttempt());
        assertEquals("{\"attempt\":2}", completed.getResultJson());
        // Read from pending-tasks-retry, whose records the updater does not record: no request to carry.
        assertFalse(completed.hasRequest());
        assertFalse(completed.hasRequestedAt());
        assertTrue(events.readToEnd(Topics.PENDING_TASKS_DLQ, runId).isEmpty());
    }

    @Test
    void retriesAnAttemptThatOverranItsTimeout() {
        String runId = kafka.launch("sleep", "{\"millis\":600000}", 200, 2);

        RunStatusChanged retrying = events.statuses(runId, 2).get(1);
        RunCompleted completed = events.completed(runId);

        assertEquals(RunStatus.RETRYING, retrying.getStatus());
        assertEquals(1, retrying.getAttempt());
        assertEquals(RunErrors.TIMEOUT, retrying.getError().getCode());
        // The second and last attempt timed out too: its attempts are used up.
        assertEquals(RunStatus.DEAD, completed.getStatus());
        assertEquals(2, completed.getAttempt());
        assertEquals(RunErrors.TIMEOUT, completed.getError().getCode());
    }

    @Test
    void aNonRetryableErrorFailsTheRunWithoutRetryOrDeadLetter() {
        String runId = UUID.randomUUID().toString();
        RecordMetadata request = kafka.send(Topics.PENDING_TASKS, runId, TestKafka.request(runId, "fail",
                "{\"message\":\"no\",\"retryable\":false}", 0, 3).toByteArray());

        RunCompleted completed = events.completed(runId);
        assertEquals(RunStatus.FAILED, completed.getStatus());
        assertEquals(1, completed.getAttempt());
        assertFalse(completed.getError().getRetryable());

        // Once the request is committed, everything its processing published is in the log.
        kafka.awaitCommittedPast(request);
        assertTrue(events.readToEnd(Topics.TASK_STATUS, runId).isEmpty(), "a quick attempt reports its start "
                + "in its completion only");
        assertTrue(events.readToEnd(Topics.PENDING_TASKS_RETRY, runId).isEmpty());
        assertTrue(events.readToEnd(Topics.PENDING_TASKS_DLQ, runId).isEmpty());
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
