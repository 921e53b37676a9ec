package dev.conveyor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.conveyor.infra.control.ConveyorStack;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user's whole journey through the real system: the packaged gateway, worker and updater on real Kafka,
 * PostgreSQL and the MongoDB-wire server. Each run is checked where it is stored (MongoDB) and where users read it
 * (GET /api/histories/{id}).
 */
class PipelineIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    private static ConveyorStack stack;
    private static RestClient api;
    private static MongoClient mongo;
    private static MongoCollection<Document> runs;
    private static String adminToken;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.get();
        api = new RestClient(stack.gateway().url());
        mongo = MongoClients.create(stack.infrastructure().serviceEnvironment().get("MONGODB_URI"));
        runs = mongo.getDatabase("conveyor").getCollection("runs");
        adminToken = api.login(RunningStack.ADMIN_EMAIL, RunningStack.ADMIN_PASSWORD);
    }

    @AfterAll
    static void closeMongo() {
        mongo.close();
    }

    /** One task per action, with the exact result each must produce. */
    private record Case(String action, Map<String, Object> input, Map<String, Object> expectedResult) {
    }

    @Test
    void everyActionRunsToItsResult() throws Exception {
        String email = "ada-" + UUID.randomUUID() + "@example.com";
        api.createUser(adminToken, "Ada", email, "correct-horse-battery");
        String token = api.login(email, "correct-horse-battery");

        List<Case> cases = List.of(
                new Case("hash", Map.of("text", "conveyor", "iterations", 3),
                        Map.of("algorithm", "SHA-256", "iterations", 3, "hex", iteratedSha256("conveyor", 3))),
                new Case("primes", Map.of("limit", 100_000), Map.of("limit", 100_000, "count", 9592)),
                new Case("sum", Map.of("numbers", List.of(1, 2, 3.5, -4)), Map.of("count", 4, "sum", 2.5f)),
                new Case("word-stats", Map.of("text", "the quick brown fox jumps over the lazy dog the end", "top", 2),
                        Map.of("words", 11, "distinct", 9, "top", List.of(
                                Map.of("word", "the", "count", 3), Map.of("word", "brown", "count", 1)))),
                new Case("sleep", Map.of("millis", 300), Map.of("sleptMillis", 300)));

        Map<String, Case> launched = new LinkedHashMap<>();
        for (Case c : cases) {
            String taskId = api.createTask(token, "e2e " + c.action(), c.action(), c.input());
            var accepted = api.launch(token, taskId)
                    .statusCode(202)
                    .body("status", equalTo("QUEUED"))
                    .body("taskId", equalTo(taskId))
                    .body("action", equalTo(c.action()))
                    .extract();
            String runId = accepted.path("id");
            assertThat(accepted.header("Location")).endsWith("/api/histories/" + runId);
            launched.put(runId, c);
        }

        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (var entry : launched.entrySet()) {
                Document stored = runs.find(Filters.eq("_id", entry.getKey())).first();
                assertThat(stored).as("run %s (%s) in MongoDB", entry.getKey(), entry.getValue().action()).isNotNull();
                assertThat(stored.getString("status")).as(entry.getValue().action()).isEqualTo("SUCCEEDED");
            }
        });

        for (var entry : launched.entrySet()) {
            Case c = entry.getValue();
            var response = api.run(token, entry.getKey()).statusCode(200)
                    .body("status", equalTo("SUCCEEDED"))
                    .body("action", equalTo(c.action()))
                    .body("error", equalTo(null))
                    .body("transitions.status", equalTo(List.of("QUEUED", "RUNNING", "SUCCEEDED")));
            c.expectedResult().forEach((field, value) -> response.body("result." + field, equalTo(value)));

            Document stored = runs.find(Filters.eq("_id", entry.getKey())).first();
            Document result = stored.get("result", Document.class);
            assertThat(result.keySet()).as("result fields of %s", c.action())
                    .containsExactlyInAnyOrderElementsOf(c.expectedResult().keySet());
            assertThat(stored.getList("transitions", Document.class)).hasSize(3);
        }
    }

    @Test
    void aFailingActionEndsFailedWithItsError() {
        String email = "fay-" + UUID.randomUUID() + "@example.com";
        api.createUser(adminToken, "Fay", email, "correct-horse-battery");
        String token = api.login(email, "correct-horse-battery");
        String taskId = api.createTask(token, "always fails", "fail",
                Map.of("message", "boom on purpose", "retryable", false));
        String runId = api.launch(token, taskId).statusCode(202).extract().path("id");

        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                api.run(token, runId).statusCode(200).body("status", equalTo("FAILED")));

        api.run(token, runId)
                .body("result", equalTo(null))
                .body("error.code", equalTo("INTENTIONAL_FAILURE"))
                .body("error.message", equalTo("boom on purpose"))
                .body("error.retryable", equalTo(false))
                .body("transitions.status", equalTo(List.of("QUEUED", "RUNNING", "FAILED")));
        Document stored = runs.find(Filters.eq("_id", runId)).first();
        assertThat(stored.getString("status")).isEqualTo("FAILED");
        assertThat(stored.get("error", Document.class).getString("code")).isEqualTo("INTENTIONAL_FAILURE");
    }

    @Test
    void anotherUserCanNeitherSeeNorLaunchSomeoneElsesWork() {
        String ownerEmail = "olga-" + UUID.randomUUID() + "@example.com";
        String strangerEmail = "sam-" + UUID.randomUUID() + "@example.com";
        api.createUser(adminToken, "Olga", ownerEmail, "correct-horse-battery");
        api.createUser(adminToken, "Sam", strangerEmail, "correct-horse-battery");
        String owner = api.login(ownerEmail, "correct-horse-battery");
        String stranger = api.login(strangerEmail, "correct-horse-battery");

        String taskId = api.createTask(owner, "private sum", "sum", Map.of("numbers", List.of(1, 2)));
        String runId = api.launch(owner, taskId).statusCode(202).extract().path("id");

        api.as(stranger).get("/api/tasks/{id}", taskId).then().statusCode(404)
                .contentType("application/problem+json");
        api.launch(stranger, taskId).statusCode(404).contentType("application/problem+json");
        api.as(stranger).body(Map.of("title", "stolen", "action", "sum", "input", Map.of("numbers", List.of(9))))
                .put("/api/tasks/{id}", taskId).then().statusCode(404);
        api.as(stranger).delete("/api/tasks/{id}", taskId).then().statusCode(404);
        api.run(stranger, runId).statusCode(404).contentType("application/problem+json");
        api.as(stranger).get("/api/tasks").then().statusCode(200).body("items.id", not(hasItem(taskId)));
        api.as(stranger).get("/api/histories").then().statusCode(200).body("items.id", not(hasItem(runId)));
        api.as(stranger).get("/api/users").then().statusCode(403).contentType("application/problem+json");

        await().atMost(RUN_TIMEOUT).untilAsserted(() ->
                api.run(owner, runId).statusCode(200).body("status", equalTo("SUCCEEDED")));
        api.as(owner).get("/api/histories").then().statusCode(200).body("items.id", hasItem(runId));
        api.run(adminToken, runId).statusCode(200).body("ownerId", not(equalTo(null)));
    }

    private static String iteratedSha256(String text, int iterations) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] digest = sha.digest(text.getBytes(StandardCharsets.UTF_8));
        for (int i = 1; i < iterations; i++) {
            digest = sha.digest(digest);
        }
        return HexFormat.of().formatHex(digest);
    }
}
