package dev.conveyor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.conveyor.contract.Topics;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The run lifecycle a user drives through the packaged stack: retries to DEAD with a dead letter, FAILED and its
 * re-drive, cancellation of a running run, the live event stream, idempotent and batch launches, statistics.
 */
class RunLifecycleIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    private static RestClient api;
    private static String token;

    @BeforeAll
    static void user() {
        api = new RestClient(RunningStack.get().gateway().url());
        String admin = api.login(RunningStack.ADMIN_EMAIL, RunningStack.ADMIN_PASSWORD);
        String email = "lin-" + UUID.randomUUID() + "@example.com";
        api.createUser(admin, "Lin", email, "correct-horse-battery");
        token = api.login(email, "correct-horse-battery");
    }

    @Test
    void retryableFailuresRetryUntilDeadAndTheRunIsDeadLettered() {
        String task = api.createTask(token, "always flaky", "fail", Map.of("retryable", true), 3);
        String run = launch(task);

        JsonPath dead = awaitStatus(run, "DEAD");
        assertThat(dead.getInt("attempts")).isEqualTo(3);
        assertThat(dead.getList("transitions.status", String.class)).containsSubsequence(
                "QUEUED", "RUNNING", "RETRYING", "RUNNING", "RETRYING", "RUNNING", "DEAD");
        awaitDeadLettered(run);
    }

    @Test
    void aFailedRunCanBeRedrivenAsTheNextAttempt() {
        String task = api.createTask(token, "fails for good", "fail", Map.of("retryable", false), 2);
        String run = launch(task);
        awaitStatus(run, "FAILED");

        api.as(token).post("/api/histories/{id}/retry", run).then().statusCode(202);
        await().atMost(RUN_TIMEOUT).untilAsserted(() -> {
            JsonPath again = api.run(token, run).statusCode(200).extract().jsonPath();
            assertThat(again.getString("status")).isEqualTo("FAILED");
            assertThat(again.getInt("attempts")).isEqualTo(2);
            assertThat(again.getList("transitions.status", String.class))
                    .containsExactly("QUEUED", "RUNNING", "FAILED", "QUEUED", "RUNNING", "FAILED");
        });
        api.as(token).post("/api/histories/{id}/cancel", run).then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void aRunningRunIsCancelledCooperatively() {
        String task = api.createTask(token, "long sleep", "sleep", Map.of("millis", 120_000));
        String run = launch(task);
        awaitStatus(run, "RUNNING");

        api.as(token).post("/api/histories/{id}/cancel", run).then().statusCode(202);
        JsonPath cancelled = awaitStatus(run, "CANCELLED");
        assertThat(cancelled.getList("transitions.status", String.class))
                .containsExactly("QUEUED", "RUNNING", "CANCELLED");
    }

    @Test
    void theEventStreamSendsEveryTransitionAndEnds() throws Exception {
        String task = api.createTask(token, "short sleep", "sleep", Map.of("millis", 1_500));
        String run = launch(task);

        HttpResponse<String> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(RunningStack.get().gateway().url() + "/api/histories/" + run + "/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .timeout(RUN_TIMEOUT)
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(stream.statusCode()).isEqualTo(200);
        List<String> events = stream.body().lines().filter(line -> line.startsWith("event:"))
                .map(line -> line.substring("event:".length()).trim()).toList();
        assertThat(events).last().isEqualTo("SUCCEEDED");
        assertThat(events).containsSubsequence("RUNNING", "SUCCEEDED");
    }

    @Test
    void idempotentAndBatchLaunchesCreateExactlyTheRunsAsked() {
        String task = api.createTask(token, "sum for batch", "sum", Map.of("numbers", List.of(2, 3)));
        String key = "order-" + UUID.randomUUID();
        String first = api.as(token).header("Idempotency-Key", key).post("/api/tasks/{id}/launch", task)
                .then().statusCode(202).extract().path("id");
        api.as(token).header("Idempotency-Key", key).post("/api/tasks/{id}/launch", task)
                .then().statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(first));

        List<Map<String, String>> launches = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            launches.add(Map.of("taskId", task));
        }
        List<String> batch = api.as(token).body(Map.of("launches", launches)).post("/api/launches")
                .then().statusCode(202).extract().jsonPath().getList("runs.id", String.class);
        assertThat(batch).hasSize(50).doesNotHaveDuplicates().doesNotContain(first);

        batch.forEach(run -> awaitStatus(run, "SUCCEEDED"));
        awaitStatus(first, "SUCCEEDED");
        // This user's only sum runs: 51 runs of 2 + 3, each counted once however often its events were delivered.
        JsonPath stats = api.as(token).get("/api/stats").then().statusCode(200).extract().jsonPath();
        assertThat(stats.getLong("byAction.sum.byStatus.SUCCEEDED")).as(stats.prettify()).isEqualTo(51);
        assertThat(stats.getDouble("byAction.sum.resultTotals.sum")).as(stats.prettify()).isEqualTo(255.0);
    }

    private static String launch(String task) {
        return api.launch(token, task).statusCode(202).extract().path("id");
    }

    private static JsonPath awaitStatus(String run, String status) {
        return await().atMost(RUN_TIMEOUT).until(
                () -> api.run(token, run).statusCode(200).extract().jsonPath(),
                json -> status.equals(json.getString("status")));
    }

    private static void awaitDeadLettered(String run) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RunningStack.get().infrastructure().serviceEnvironment().get("KAFKA_BOOTSTRAP_SERVERS"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-dlq-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> keys = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PENDING_TASKS_DLQ));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> keys.add(record.key()));
                return keys.contains(run);
            });
        }
    }
}
