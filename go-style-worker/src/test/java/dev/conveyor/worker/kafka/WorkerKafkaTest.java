package dev.conveyor.worker.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.contract.EventHeaders;
import dev.conveyor.contract.Topics;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.RunStatusChanged;
import dev.conveyor.worker.WorkerIdentity;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.conveyor.worker.kafka.TestKafka.header;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker against a real Kafka broker: requests in through pending-tasks, events read back by plain clients. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class WorkerKafkaTest extends KafkaTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WorkerIdentity worker;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            hash       | {"text":"abc"}                       | {"algorithm":"SHA-256","iterations":1,"hex":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}
            primes     | {"limit":100}                        | {"limit":100,"count":25}
            sum        | {"numbers":[0.1,0.2,3]}              | {"count":3,"sum":3.3}
            word-stats | {"text":"b a b","top":1}             | {"words":3,"distinct":2,"top":[{"word":"b","count":2}]}
            sleep      | {"millis":20}                        | {"sleptMillis":20}
            fail       | {"probability":0}                    | {"failed":false}
            """)
    void runsEachActionToItsExactResult(String action, String input, String result) throws Exception {
        String runId = launch(action, input, 0);

        RunCompleted completed = RunCompleted.parseFrom(events.await(Topics.TASK_COMPLETED, runId).value());

        assertEquals(RunStatus.SUCCEEDED, completed.getStatus());
        assertEquals(JSON.readTree(result), JSON.readTree(completed.getResultJson()));
        assertEquals(action, completed.getRun().getAction());
        assertEquals(1, completed.getAttempt());
        assertEquals(worker.id(), completed.getWorkerId());
        assertTrue(completed.hasStartedAt());
        assertTrue(instant(completed.getFinishedAt()).compareTo(instant(completed.getStartedAt())) >= 0);
        assertFalse(completed.hasError());
        // Quicker than conveyor.worker.report-running-after (1 s in tests): the completion alone reports the start.
        assertTrue(events.readToEnd(Topics.TASK_STATUS, runId).isEmpty(), "no RUNNING of a quick attempt");
    }

    @Test
    void aCompletionCarriesTheRequestItWasReadFromAndWhenThatWasPublished() throws Exception {
        String runId = UUID.randomUUID().toString();
        RunRequested request = TestKafka.request(runId, "sum", "{\"numbers\":[1,2]}", 0, 3);
        RecordMetadata sent = kafka.send(Topics.PENDING_TASKS, runId, request.toByteArray());

        RunCompleted completed = events.completed(runId);

        assertEquals(request, completed.getRequest());
        assertEquals(sent.timestamp(), instant(completed.getRequestedAt()).toEpochMilli());
    }

    @Test
    void anAttemptThatOutlivesTheReportDelayPublishesRunningWithTheStartItsCompletionCarries() throws Exception {
        String runId = launch("sleep", "{\"millis\":1500}", 0);

        ConsumerRecord<String, byte[]> status = events.await(Topics.TASK_STATUS, runId);
        RunStatusChanged running = RunStatusChanged.parseFrom(status.value());
        RunCompleted completed = events.completed(runId);

        assertEquals(RunStatus.RUNNING, running.getStatus());
        assertEquals(1, running.getAttempt());
        assertEquals(worker.id(), running.getWorkerId());
        assertEquals(running.getAt(), completed.getStartedAt());
        long reportedAfter = status.timestamp() - instant(running.getAt()).toEpochMilli();
        assertTrue(reportedAfter >= 950, "RUNNING published " + reportedAfter + " ms after the start");
        assertEquals(1, events.readToEnd(Topics.TASK_STATUS, runId).size());
    }

    @Test
    void failsOnPurposeWithTheActionsCode() {
        String runId = launch("fail", "{\"message\":\"drill\",\"retryable\":false}", 0);

        RunCompleted completed = events.completed(runId);
        assertEquals(RunStatus.FAILED, completed.getStatus());
        assertEquals("INTENTIONAL_FAILURE", completed.getError().getCode());
        assertEquals("drill", completed.getError().getMessage());
        assertFalse(completed.getError().getRetryable());
        assertEquals("", completed.getResultJson());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            primes   | {"limit":"many"}     | INVALID_INPUT
            hash     | {"text":"a"         | INVALID_INPUT
            fail     | {}                   | INTENTIONAL_FAILURE
            """)
    void reportsWhyARunFailedForGood(String action, String input, String code) {
        RunCompleted completed = events.completed(launch(action, input, 0));

        assertEquals(RunStatus.FAILED, completed.getStatus());
        assertEquals(code, completed.getError().getCode());
        assertFalse(completed.getError().getRetryable());
    }

    @Test
    void keysEveryEventByRunIdWithCloudEventsHeaders() {
        String runId = launch("sleep", "{\"millis\":1500}", 0);

        ConsumerRecord<String, byte[]> status = events.await(Topics.TASK_STATUS, runId);
        ConsumerRecord<String, byte[]> completed = events.await(Topics.TASK_COMPLETED, runId);

        assertCloudEvent(status, EventHeaders.TYPE_RUN_STATUS_CHANGED);
        assertCloudEvent(completed, EventHeaders.TYPE_RUN_COMPLETED);
        assertNotEquals(header(status, EventHeaders.ID), header(completed, EventHeaders.ID));
    }

    @Test
    void runsWaitingRunsConcurrently() {
        // Long enough to publish RUNNING (after 1 s in tests) well before the first of them ends.
        List<String> runIds = IntStream.range(0, 20).mapToObj(i -> launch("sleep", "{\"millis\":3000}", 0)).toList();
        Set<String> ours = Set.copyOf(runIds);

        var running = events.await(Topics.TASK_STATUS, record -> ours.contains(record.key()), 20);
        var done = events.await(Topics.TASK_COMPLETED, record -> ours.contains(record.key()), 20);

        // One run at a time would interleave starts and completions; all 20 must have started before any finished.
        long lastStart = running.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        long firstEnd = done.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        assertTrue(lastStart < firstEnd, "last RUNNING at " + lastStart + ", first completion at " + firstEnd);
    }

    @Test
    void isReadyWithKafkaAndExposesRunMetrics() {
        events.completed(launch("primes", "{\"limit\":10}", 0));

        given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(containsString("Reactive Messaging")));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("conveyor_runs_started_total{action=\"primes\",application=\"go-style-worker\"}"))
                .body(containsString("conveyor_runs_completed_total{action=\"primes\",application=\"go-style-worker\","
                        + "status=\"SUCCEEDED\"}"))
                .body(containsString("conveyor_run_execution_seconds_bucket{action=\"primes\","
                        + "application=\"go-style-worker\",status=\"SUCCEEDED\",le=\"30.0\"}"))
                .body(containsString("conveyor_run_queue_wait_seconds_count{action=\"primes\","
                        + "application=\"go-style-worker\"}"))
                .body(containsString("conveyor_runs_in_flight{application=\"go-style-worker\"}"));
    }

    private String launch(String action, String input, long timeoutMs) {
        return kafka.launch(action, input, timeoutMs, 3);
    }

    private void assertCloudEvent(ConsumerRecord<String, byte[]> record, String type) {
        UUID.fromString(header(record, EventHeaders.ID));
        assertEquals(type, header(record, EventHeaders.TYPE));
        assertEquals("go-style-worker/" + worker.id(), header(record, EventHeaders.SOURCE));
        Instant.parse(header(record, EventHeaders.TIME));
        assertEquals(EventHeaders.SPEC_VERSION_VALUE, header(record, EventHeaders.SPEC_VERSION));
        assertEquals(EventHeaders.PROTOBUF_CONTENT_TYPE, header(record, EventHeaders.CONTENT_TYPE));
    }

    private static Instant instant(com.google.protobuf.Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
