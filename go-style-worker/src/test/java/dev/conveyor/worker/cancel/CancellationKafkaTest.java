package dev.conveyor.worker.cancel;

import dev.conveyor.contract.Topics;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.proto.RunCancelRequested;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.worker.ProtoTime;
import dev.conveyor.worker.WorkerIdentity;
import dev.conveyor.worker.kafka.KafkaTests;
import dev.conveyor.worker.kafka.TestKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancellations through run-control against the real broker (docs/RUN-SEMANTICS.md, "Cancellation"). */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class CancellationKafkaTest extends KafkaTests {

    /** Longer than any wait of these tests: a sleep that ends by itself would be SUCCEEDED, not CANCELLED. */
    private static final String MINUTE_OF_SLEEP = "{\"millis\":60000}";
    private static final long TIMEOUT_MS = 120_000;

    @Inject
    WorkerIdentity worker;

    @Inject
    CancelledRuns cancelledRuns;

    @Test
    void aRunCancelledBeforeItIsConsumedIsNotExecuted() {
        String runId = UUID.randomUUID().toString();
        Instant launchedAt = Instant.now();
        cancel(runId);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cancelledRuns.cancelledAt(runId).isPresent());

        kafka.send(Topics.PENDING_TASKS, runId, request(runId, launchedAt).toByteArray());
        RunCompleted completed = events.completed(runId);

        assertEquals(RunStatus.CANCELLED, completed.getStatus());
        assertEquals(1, completed.getAttempt());
        assertEquals("Cancelled before it started", completed.getError().getMessage());
        assertFalse(completed.hasStartedAt(), "never started");
        assertTrue(events.readToEnd(Topics.TASK_STATUS, runId).isEmpty(), "never RUNNING");
    }

    @Test
    void aRunningAttemptStopsWhenItsRunIsCancelled() {
        String runId = UUID.randomUUID().toString();
        kafka.send(Topics.PENDING_TASKS, runId, request(runId, Instant.now()).toByteArray());
        assertEquals(RunStatus.RUNNING, events.statuses(runId, 1).getFirst().getStatus());

        cancel(runId);
        RunCompleted completed = events.completed(runId);

        assertEquals(RunStatus.CANCELLED, completed.getStatus());
        assertEquals("Cancelled while running", completed.getError().getMessage());
        assertTrue(completed.hasStartedAt());
    }

    @Test
    void readsAllOfRunControlInAConsumerGroupOfItsOwn() throws Exception {
        String group = RunControlGroup.PREFIX + worker.id();
        Set<TopicPartition> all = kafka.admin().describeTopics(List.of(Topics.RUN_CONTROL)).allTopicNames().get()
                .get(Topics.RUN_CONTROL).partitions().stream()
                .map(partition -> new TopicPartition(Topics.RUN_CONTROL, partition.partition()))
                .collect(Collectors.toSet());

        // Right after start the group may still be balancing: wait until its one member holds every partition.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(all, assigned(group)));
    }

    private Set<TopicPartition> assigned(String group) throws Exception {
        ConsumerGroupDescription description = kafka.admin().describeConsumerGroups(List.of(group)).all().get()
                .get(group);
        return description.members().stream()
                .map(MemberDescription::assignment)
                .flatMap(assignment -> assignment.topicPartitions().stream())
                .collect(Collectors.toSet());
    }

    private void cancel(String runId) {
        RunCancelRequested request = RunCancelRequested.newBuilder()
                .setRun(TestKafka.request(runId, "sleep", "", 0, 1).getRun())
                .setRequestedBy("owner-1")
                .setAt(ProtoTime.of(Instant.now()))
                .build();
        kafka.send(Topics.RUN_CONTROL, runId, request.toByteArray());
    }

    private static RunRequested request(String runId, Instant launchedAt) {
        return TestKafka.request(runId, "sleep", MINUTE_OF_SLEEP, TIMEOUT_MS, 3).toBuilder()
                .setCreatedAt(ProtoTime.of(launchedAt))
                .build();
    }
}
