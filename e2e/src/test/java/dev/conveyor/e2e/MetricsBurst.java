package dev.conveyor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conveyor.contract.Topics;
import dev.conveyor.infra.control.ConveyorStack;
import dev.conveyor.proto.GetRunRequest;
import dev.conveyor.proto.HistoryServiceGrpc;
import dev.conveyor.proto.LaunchRequest;
import dev.conveyor.proto.RunId;
import dev.conveyor.proto.RunServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One of everything the dashboards and rules show, through the running stack: single, batch and gRPC launches of
 * actions that succeed, fail for good, and fail retryably until DEAD (a retry and a dead letter), an undecodable
 * record on pending-tasks (a dead letter and a skipped updater event), and gRPC calls to both servers that succeed
 * and that fail. Returns once every run has ended.
 */
final class MetricsBurst {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "DEAD", "CANCELLED");
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ConveyorStack stack;
    private final RestClient api;

    MetricsBurst(ConveyorStack stack) {
        this.stack = stack;
        this.api = new RestClient(stack.gateway().url());
    }

    void drive() {
        String admin = api.login(RunningStack.ADMIN_EMAIL, RunningStack.ADMIN_PASSWORD);
        String email = "mia-" + UUID.randomUUID() + "@example.com";
        api.createUser(admin, "Mia", email, "correct-horse-battery");
        String token = api.login(email, "correct-horse-battery");
        String sum = api.createTask(token, "burst sum", "sum", Map.of("numbers", List.of(1, 2)));
        String sleep = api.createTask(token, "burst sleep", "sleep", Map.of("millis", 300));
        String failing = api.createTask(token, "burst failure", "fail", Map.of("retryable", false));
        String flaky = api.createTask(token, "burst retries", "fail", Map.of("retryable", true), 2);

        List<String> runs = new ArrayList<>();
        for (String task : List.of(sum, sum, sum, sleep, sleep, failing, failing, failing, flaky)) {
            runs.add(api.launch(token, task).statusCode(202).extract().path("id"));
        }
        runs.addAll(api.as(token).body(Map.of("launches", List.of(Map.of("taskId", sum), Map.of("taskId", sum))))
                .post("/api/launches").then().statusCode(202).extract().jsonPath().getList("runs.id", String.class));
        runs.add(grpc(token, sum));
        poisonRecord();

        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> runs.forEach(run ->
                assertThat(api.run(token, run).statusCode(200).extract().<String>path("status"))
                        .as("run %s", run).isIn(TERMINAL)));
        assertThat(api.run(token, runs.get(8)).extract().<String>path("status")).isEqualTo("DEAD");
    }

    /** A launch over the gateway's gRPC API; a call without a token; a history query for a run that does not exist. */
    private String grpc(String token, String task) {
        ManagedChannel gateway = ManagedChannelBuilder.forAddress("127.0.0.1", stack.gateway().port())
                .usePlaintext().build();
        ManagedChannel updater = ManagedChannelBuilder.forAddress("127.0.0.1", stack.updater().port())
                .usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + token);
            String run = RunServiceGrpc.newBlockingStub(gateway)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .launch(LaunchRequest.newBuilder().setTaskId(task).build()).getId();
            assertThatThrownBy(() -> RunServiceGrpc.newBlockingStub(gateway)
                    .getRun(RunId.newBuilder().setId(run).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThatThrownBy(() -> HistoryServiceGrpc.newBlockingStub(updater)
                    .getRun(GetRunRequest.newBuilder().setRunId(UUID.randomUUID().toString()).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
            return run;
        } finally {
            gateway.shutdownNow();
            updater.shutdownNow();
        }
    }

    /** Bytes that are no RunRequested, as a broken producer would send them. */
    private void poisonRecord() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.infrastructure().serviceEnvironment().get("KAFKA_BOOTSTRAP_SERVERS"));
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.PENDING_TASKS, "poison-" + UUID.randomUUID(),
                    "not a protobuf message \u0000\u00ff".getBytes(StandardCharsets.UTF_8))).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send the undecodable record", e);
        }
    }
}
