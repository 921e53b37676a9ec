package dev.conveyor.updater.events;

import static dev.conveyor.updater.StoredRuns.ranks;
import static dev.conveyor.updater.StoredRuns.statuses;
import static dev.conveyor.updater.StoredRuns.transitions;
import static dev.conveyor.updater.TestRuns.cancelled;
import static dev.conveyor.updater.TestRuns.failed;
import static dev.conveyor.updater.TestRuns.requested;
import static dev.conveyor.updater.TestRuns.retrying;
import static dev.conveyor.updater.TestRuns.running;
import static dev.conveyor.updater.TestRuns.succeeded;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conveyor.contract.Topics;
import dev.conveyor.infra.test.CollectedSpans;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.infra.test.MongoTestResource;
import dev.conveyor.proto.RunRef;
import dev.conveyor.updater.KafkaEvents;
import dev.conveyor.updater.StoredRuns;
import dev.conveyor.updater.TestRuns;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The whole path: real Kafka records in, run documents in the MongoDB-wire server out, traces continued. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class RunHistoryTest {

    @Inject
    KafkaEvents kafka;

    @Inject
    StoredRuns stored;

    @Inject
    CollectedSpans spans;

    @Test
    void eventsInOrderBuildTheRunsHistory() {
        RunRef run = TestRuns.newRun();

        kafka.send(run, requested(run, 1), running(run, 1), succeeded(run, 1));

        // Each topic has its own consumer, so even events sent in order may be recorded in any order.
        Document document = awaitFinished(run, 3);
        assertEquals("SUCCEEDED", document.getString("status"));
        assertEquals(List.of("QUEUED", "RUNNING", "SUCCEEDED"), statuses(document));
        assertEquals(List.of(10, 11, 19), ranks(document));
        assertEquals(run.getOwnerId(), document.getString("ownerId"));
        assertEquals(run.getTaskId(), document.getString("taskId"));
        assertEquals("sum", document.getString("action"));
        assertEquals(Document.parse(TestRuns.INPUT_JSON), document.get("input"));
        assertEquals(Document.parse(TestRuns.RESULT_JSON), document.get("result"));
        assertEquals("HIGH", document.getString("priority"));
        assertEquals(3, document.getInteger("maxAttempts"));
        assertEquals(1, document.getInteger("attempts"));
        assertEquals("worker-1", document.getString("workerId"));
        assertEquals(KafkaEvents.traceId(run), document.getString("traceId"));
        assertNull(document.get("error"));
        assertEquals(new Date(TestRuns.at(0).getSeconds() * 1000), document.getDate("createdAt"));
        assertNotNull(document.getDate("queuedAt"));
        assertEquals(new Date(TestRuns.at(11).getSeconds() * 1000), document.getDate("startedAt"));
        assertEquals(new Date(TestRuns.at(15).getSeconds() * 1000), document.getDate("finishedAt"));
    }

    @Test
    void eventsInReverseOrderEndInTheSameState() {
        RunRef run = TestRuns.newRun();

        kafka.send(run, failed(run, 2), running(run, 2), requested(run, 2), retrying(run, 1), running(run, 1),
                requested(run, 1));

        Document document = awaitFinished(run, 6);
        assertEquals("FAILED", document.getString("status"));
        assertEquals(List.of("QUEUED", "RUNNING", "RETRYING", "QUEUED", "RUNNING", "FAILED"), statuses(document));
        assertEquals(List.of(10, 11, 15, 20, 21, 29), ranks(document));
        assertEquals(2, document.getInteger("attempts"));
        assertEquals(TestRuns.BROKEN.getCode(), document.get("error", Document.class).getString("code"));
        assertEquals(false, document.get("error", Document.class).getBoolean("retryable"));
        // The launch arrived last and still describes the run.
        assertEquals(Document.parse(TestRuns.INPUT_JSON), document.get("input"));
        assertEquals(3, document.getInteger("maxAttempts"));
    }

    @Test
    void duplicatesAndLateEventsChangeNothing() {
        RunRef run = TestRuns.newRun();
        kafka.send(run, requested(run, 1), running(run, 1), succeeded(run, 1));
        kafka.send(run, requested(run, 1), running(run, 1), succeeded(run, 1));
        kafka.awaitAllConsumed();
        Document settled = stored.find(run);
        assertEquals("SUCCEEDED", settled.getString("status"));
        assertEquals(List.of(10, 11, 19), ranks(settled));

        kafka.send(run, running(run, 1), cancelled(run, 1), requested(run, 1));
        kafka.awaitAllConsumed();

        assertEquals(settled, stored.find(run));
    }

    @Test
    void anUndecodableRecordIsSkippedAndTheNextOnesAreStillRecorded() {
        RunRef run = TestRuns.newRun();

        kafka.sendBytes(Topics.TASK_STATUS, run, new byte[] {(byte) 0xFF, 0x01, 0x02});
        kafka.send(run, running(run, 1));

        assertEquals(List.of("RUNNING"), statuses(stored.awaitStatus(run, "RUNNING")));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("conveyor_updater_events_total{application=\"task-updater\",outcome=\"skipped\",status=\"unknown\",topic=\"task-status\"}"));
    }

    @Test
    void eachRecordsWritesJoinTheTraceOfItsTraceparent() {
        RunRef run = TestRuns.newRun();

        kafka.send(run, requested(run, 1), running(run, 1));

        List<SpanData> trace = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> spans.ofTrace(KafkaEvents.traceId(run)), found -> processSpans(found).size() == 2
                        && processSpans(found).stream().allMatch(process -> !children(found, process).isEmpty()));

        for (SpanData process : processSpans(trace)) {
            assertEquals(KafkaEvents.PRODUCER_SPAN_ID, process.getParentSpanId());
            // The run is read with the others of its batch: the record's own span holds its write, created by one of
            // the two records, replaced by the other.
            List<String> operations = children(trace, process).stream()
                    .sorted(Comparator.comparing(SpanData::getStartEpochNanos)).map(SpanData::getName).toList();
            assertTrue(Set.of("insert", "update").contains(operations.getLast()), () -> "Operations: " + operations);
            // The command is cut down to its name and collection: the run's input and result stay out of traces.
            children(trace, process).forEach(operation -> assertEquals("{\"" + operation.getName() + "\": \"runs\"}",
                    operation.getAttributes().get(AttributeKey.stringKey("mongodb.command"))));
        }
        // Each group's read is a span of its own, linked to the span of every record it read for, with the query.
        // The two records may be read in one group or in two, each group naming the topics of its records; a second
        // group finds the run as the first one wrote it (run.RecentRuns), without a query.
        List<SpanData> groupReads = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> spans.linkedTo(KafkaEvents.traceId(run)), found -> readTopics(found)
                        .equals(Set.of("pending-tasks", "task-status")) && finds(found) == 1);
        assertTrue(reads(groupReads).size() <= 2, () -> "Reads: " + groupReads);
    }

    @Test
    void runsOfOtherLanesAreReadWhileALanesGroupIsBeingRead() {
        List<RunRef> runs = IntStream.range(0, 40).mapToObj(i -> TestRuns.newRun()).toList();

        kafka.sendAtOnce(runs, run -> requested(run, 1));

        runs.forEach(run -> stored.awaitStatus(run, "QUEUED"));
        // The test sees the runs written through MongoDB, not the spans' export: wait for every run's group read
        // (once, in CI, none was there yet), naming the runs still without one if it never comes.
        Awaitility.await("the group read of every run").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals(List.of(), runs.stream().map(KafkaEvents::traceId)
                        .filter(traceId -> reads(spans.linkedTo(traceId)).isEmpty()).toList(),
                        "traces of runs without a group read"));
        List<SpanData> groupReads = runs.stream()
                .flatMap(run -> reads(spans.linkedTo(KafkaEvents.traceId(run))).stream())
                .collect(Collectors.toMap(SpanData::getSpanId, read -> read, (same, again) -> same)).values().stream()
                .sorted(Comparator.comparing(SpanData::getStartEpochNanos)).toList();
        // With one group at a time, each read would start after the one before it ended.
        boolean overlap = IntStream.range(1, groupReads.size()).anyMatch(i ->
                groupReads.get(i).getStartEpochNanos() < groupReads.get(i - 1).getEndEpochNanos());
        assertTrue(overlap, () -> "Group reads, none of them at the same time: " + groupReads);
    }

    private static long finds(List<SpanData> spans) {
        return spans.stream().filter(span -> span.getName().equals("find")).count();
    }

    private static List<SpanData> reads(List<SpanData> spans) {
        return spans.stream().filter(span -> span.getName().startsWith("read runs of ")).toList();
    }

    private static Set<String> readTopics(List<SpanData> spans) {
        return reads(spans).stream()
                .flatMap(read -> Arrays.stream(read.getName().substring("read runs of ".length()).split(", ")))
                .collect(Collectors.toSet());
    }

    private static List<SpanData> processSpans(List<SpanData> trace) {
        return trace.stream().filter(span -> span.getKind() == SpanKind.CONSUMER && span.getName().startsWith("process ")).toList();
    }

    private static List<SpanData> children(List<SpanData> trace, SpanData parent) {
        return trace.stream().filter(span -> span.getParentSpanId().equals(parent.getSpanId())).toList();
    }

    /** Waits until the run has finished and holds {@code count} transitions. */
    private Document awaitFinished(RunRef run, int count) {
        return stored.await(run, document -> transitions(document).size() == count && document.getDate("finishedAt") != null);
    }
}
