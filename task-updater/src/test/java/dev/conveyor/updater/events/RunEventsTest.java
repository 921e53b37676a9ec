package dev.conveyor.updater.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Timestamp;
import dev.conveyor.contract.EventHeaders;
import dev.conveyor.proto.Priority;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunError;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.RunStatusChanged;
import dev.conveyor.updater.run.InvalidEventException;
import dev.conveyor.updater.run.RunEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RunEventsTest {

    private static final RunRef RUN = RunRef.newBuilder().setRunId(UUID.randomUUID().toString())
            .setTaskId("task-1").setOwnerId("owner-1").setAction("hash").build();
    private static final long PUBLISHED_AT = 1_700_000_000_123L;
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void aRequestQueuesItsAttemptAtPublicationTimeAndDescribesTheLaunch() {
        RunRequested request = RunRequested.newBuilder().setRun(RUN).setAttempt(2).setInputJson("{\"text\":\"a\"}")
                .setPriority(Priority.HIGH).setMaxAttempts(3).setCreatedAt(Timestamp.newBuilder().setSeconds(1_600_000_000))
                .build();

        RunEvent event = RunEvents.requested(record(request, "00-" + TRACE_ID + "-00f067aa0ba902b7-01"));

        assertEquals(RunStatus.QUEUED, event.status());
        assertEquals(20, event.rank());
        assertEquals(Instant.ofEpochMilli(PUBLISHED_AT), event.at());
        assertEquals(new RunEvent.Launch("{\"text\":\"a\"}", Priority.HIGH, 3, Instant.ofEpochSecond(1_600_000_000), TRACE_ID),
                event.launch());
    }

    @Test
    void aStatusChangeTakesItsOwnTimeAndFallsBackToThePublicationTime() {
        RunStatusChanged retrying = RunStatusChanged.newBuilder().setRun(RUN).setStatus(RunStatus.RETRYING).setAttempt(1)
                .setWorkerId("w-1").setError(RunError.newBuilder().setCode("TIMEOUT").setRetryable(true))
                .setAt(Timestamp.newBuilder().setSeconds(42)).build();
        RunStatusChanged running = RunStatusChanged.newBuilder().setRun(RUN).setStatus(RunStatus.RUNNING).setAttempt(1).build();

        RunEvent retry = RunEvents.statusChanged(record(retrying, null));
        RunEvent start = RunEvents.statusChanged(record(running, null));

        assertEquals(Instant.ofEpochSecond(42), retry.at());
        assertEquals("w-1", retry.workerId());
        assertEquals("TIMEOUT", retry.error().getCode());
        assertEquals(Instant.ofEpochMilli(PUBLISHED_AT), start.at());
        assertNull(start.workerId());
        assertNull(start.error());
    }

    @Test
    void aCompletionCarriesItsResultAndStartTime() {
        RunCompleted completed = RunCompleted.newBuilder().setRun(RUN).setStatus(RunStatus.SUCCEEDED).setAttempt(1)
                .setResultJson("{\"sum\":3}").setStartedAt(Timestamp.newBuilder().setSeconds(10))
                .setFinishedAt(Timestamp.newBuilder().setSeconds(11)).build();

        RunEvent event = RunEvents.completed(record(completed, null));

        assertEquals("{\"sum\":3}", event.resultJson());
        assertEquals(Instant.ofEpochSecond(10), event.startedAt());
        assertEquals(Instant.ofEpochSecond(11), event.at());
        assertNull(event.error());
    }

    @Test
    void aCompletionCarryingItsRequestQueuesTheDriveExactlyAsTheRequestsOwnRecordDoes() {
        String traceparent = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
        RunRequested request = RunRequested.newBuilder().setRun(RUN).setAttempt(1).setInputJson("{\"text\":\"a\"}")
                .setMaxAttempts(3).setCreatedAt(Timestamp.newBuilder().setSeconds(1_600_000_000)).build();
        RunCompleted completed = RunCompleted.newBuilder().setRun(RUN).setStatus(RunStatus.SUCCEEDED).setAttempt(2)
                .setFinishedAt(Timestamp.newBuilder().setSeconds(11)).setRequest(request)
                .setRequestedAt(Timestamp.newBuilder().setSeconds(PUBLISHED_AT / 1000).setNanos(123_000_000)).build();

        RunEvent event = RunEvents.completed(record(completed, traceparent));

        assertEquals(RunEvents.requested(record(request, traceparent)), event.request());
    }

    @Test
    void aCompletionCarryingAnotherRunsRequestOrALaterAttemptsIsRecordedWithoutIt() {
        RunRequested otherRun = RunRequested.newBuilder().setAttempt(1)
                .setRun(RUN.toBuilder().setRunId(UUID.randomUUID().toString())).build();
        RunRequested laterAttempt = RunRequested.newBuilder().setRun(RUN).setAttempt(2).build();
        Timestamp requestedAt = Timestamp.newBuilder().setSeconds(5).build();
        RunCompleted.Builder completed = RunCompleted.newBuilder().setRun(RUN).setStatus(RunStatus.FAILED)
                .setAttempt(1).setRequestedAt(requestedAt);

        assertNull(RunEvents.completed(record(completed.setRequest(otherRun).build(), null)).request());
        assertNull(RunEvents.completed(record(completed.setRequest(laterAttempt).build(), null)).request());
        assertNull(RunEvents.completed(record(completed.clearRequestedAt().build(), null)).request(),
                "without the time it was published, the request's QUEUED cannot equal its record's");
    }

    @Test
    void eventsOnTheWrongTopicForTheirStatusAreRejected() {
        RunStatusChanged terminalAsStatus = RunStatusChanged.newBuilder().setRun(RUN).setStatus(RunStatus.SUCCEEDED).setAttempt(1).build();
        RunCompleted runningAsCompletion = RunCompleted.newBuilder().setRun(RUN).setStatus(RunStatus.RUNNING).setAttempt(1).build();

        assertThrows(InvalidEventException.class, () -> RunEvents.statusChanged(record(terminalAsStatus, null)));
        assertThrows(InvalidEventException.class, () -> RunEvents.completed(record(runningAsCompletion, null)));
    }

    @Test
    void aMalformedTraceparentGivesNoTraceId() {
        assertNull(RunEvents.traceId(record(RunRequested.getDefaultInstance(), "garbage")));
        assertNull(RunEvents.traceId(record(RunRequested.getDefaultInstance(), null)));
    }

    private static <T> ConsumerRecord<String, T> record(T value, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(EventHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        return new ConsumerRecord<>("topic", 0, 0, PUBLISHED_AT, TimestampType.CREATE_TIME, -1, -1,
                RUN.getRunId(), value, headers, Optional.empty());
    }
}
