package dev.conveyor.worker.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.conveyor.contract.EventHeaders;
import dev.conveyor.contract.Topics;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.RunStatusChanged;
import dev.conveyor.worker.WorkerIdentity;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

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
class WorkerKafkaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    WorkerIdentity worker;

    private KafkaProducer<String, byte[]> producer;
    private RunEventLog events;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        events = new RunEventLog(bootstrap);
    }

    @AfterEach
    void disconnect() {
        producer.close();
        events.close();
    }

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

        RunStatusChanged running = RunStatusChanged.parseFrom(events.await(Topics.TASK_STATUS, runId).value());
        RunCompleted completed = RunCompleted.parseFrom(events.await(Topics.TASK_COMPLETED, runId).value());

        assertEquals(RunStatus.RUNNING, running.getStatus());
        assertEquals(1, running.getAttempt());
        assertEquals(worker.id(), running.getWorkerId());
        assertEquals(RunStatus.SUCCEEDED, completed.getStatus());
        assertEquals(JSON.readTree(result), JSON.readTree(completed.getResultJson()));
        assertEquals(action, completed.getRun().getAction());
        assertEquals(worker.id(), completed.getWorkerId());
        assertEquals(running.getAt(), completed.getStartedAt());
        assertTrue(instant(completed.getFinishedAt()).compareTo(instant(completed.getStartedAt())) >= 0);
        assertFalse(completed.hasError());
    }

    @Test
    void failsOnPurposeWithTheActionsCode() throws Exception {
        String runId = launch("fail", "{\"message\":\"drill\",\"retryable\":true}", 0);

        RunCompleted completed = completed(runId);
        assertEquals(RunStatus.FAILED, completed.getStatus());
        assertEquals("INTENTIONAL_FAILURE", completed.getError().getCode());
        assertEquals("drill", completed.getError().getMessage());
        assertTrue(completed.getError().getRetryable());
        assertEquals("", completed.getResultJson());
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            primes   | {"limit":"many"}     | 0   | INVALID_INPUT  | false
            teleport | {}                   | 0   | UNKNOWN_ACTION | false
            sleep    | {"millis":600000}    | 200 | TIMEOUT        | true
            """)
    void reportsWhyARunFailed(String action, String input, long timeoutMs, String code, boolean retryable)
            throws Exception {
        RunCompleted completed = completed(launch(action, input, timeoutMs));

        assertEquals(RunStatus.FAILED, completed.getStatus());
        assertEquals(code, completed.getError().getCode());
        assertEquals(retryable, completed.getError().getRetryable());
    }

    @Test
    void keysEveryEventByRunIdWithCloudEventsHeaders() {
        String runId = launch("hash", "{\"text\":\"headers\"}", 0);

        ConsumerRecord<String, byte[]> status = events.await(Topics.TASK_STATUS, runId);
        ConsumerRecord<String, byte[]> completed = events.await(Topics.TASK_COMPLETED, runId);

        assertCloudEvent(status, EventHeaders.TYPE_RUN_STATUS_CHANGED);
        assertCloudEvent(completed, EventHeaders.TYPE_RUN_COMPLETED);
        assertNotEquals(header(status, EventHeaders.ID), header(completed, EventHeaders.ID));
    }

    @Test
    void runsWaitingRunsConcurrently() {
        List<String> runIds = IntStream.range(0, 20).mapToObj(i -> launch("sleep", "{\"millis\":1500}", 0)).toList();
        Set<String> ours = Set.copyOf(runIds);

        var running = events.await(Topics.TASK_STATUS, record -> ours.contains(record.key()), 20);
        var done = events.await(Topics.TASK_COMPLETED, record -> ours.contains(record.key()), 20);

        // One run at a time would interleave starts and completions; all 20 must have started before any finished.
        long lastStart = running.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        long firstEnd = done.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        assertTrue(lastStart < firstEnd, "last RUNNING at " + lastStart + ", first completion at " + firstEnd);
    }

    @Test
    void skipsAnUndecodableRecordAndKeepsConsuming() throws Exception {
        String runId = UUID.randomUUID().toString();
        // Same key, so same partition: the valid request is only reached past the garbage.
        producer.send(new ProducerRecord<>(Topics.PENDING_TASKS, runId, new byte[]{(byte) 0xff, 0x01})).get();

        assertEquals(RunStatus.SUCCEEDED, completed(launch(runId, "sum", "{\"numbers\":[1]}", 0)).getStatus());
    }

    @Test
    void isReadyWithKafkaAndExposesRunMetrics() {
        completed(launch("primes", "{\"limit\":10}", 0));

        given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(containsString("Reactive Messaging")));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("conveyor_worker_run_duration_seconds_count{action=\"primes\",error=\"none\","
                        + "status=\"SUCCEEDED\"}"))
                .body(containsString("conveyor_worker_runs_in_flight"));
    }

    private String launch(String action, String input, long timeoutMs) {
        return launch(UUID.randomUUID().toString(), action, input, timeoutMs);
    }

    private String launch(String runId, String action, String input, long timeoutMs) {
        RunRequested request = RunRequested.newBuilder()
                .setRun(RunRef.newBuilder().setRunId(runId).setTaskId("task-1").setOwnerId("owner-1").setAction(action))
                .setInputJson(input)
                .setAttempt(1)
                .setMaxAttempts(3)
                .setTimeoutMs(timeoutMs)
                .build();
        try {
            producer.send(new ProducerRecord<>(Topics.PENDING_TASKS, runId, request.toByteArray())).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Could not launch " + action, e);
        }
        return runId;
    }

    private RunCompleted completed(String runId) {
        try {
            return RunCompleted.parseFrom(events.await(Topics.TASK_COMPLETED, runId).value());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertCloudEvent(ConsumerRecord<String, byte[]> record, String type) {
        UUID.fromString(header(record, EventHeaders.ID));
        assertEquals(type, header(record, EventHeaders.TYPE));
        assertEquals("go-style-worker/" + worker.id(), header(record, EventHeaders.SOURCE));
        Instant.parse(header(record, EventHeaders.TIME));
        assertEquals(EventHeaders.SPEC_VERSION_VALUE, header(record, EventHeaders.SPEC_VERSION));
        assertEquals(EventHeaders.PROTOBUF_CONTENT_TYPE, header(record, EventHeaders.CONTENT_TYPE));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static Instant instant(com.google.protobuf.Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
