package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.conveyor.contract.Topics;
import dev.conveyor.proto.RunRequested;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BatchLaunchTest {

    @Inject
    Pool database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void everyLaunchIsAcceptedInRequestOrderAndPublished() {
        Api.Account owner = Api.newUser();
        String a = Api.createTask(owner.token(), "a");
        String b = Api.createTask(owner.token(), "b");

        List<String> runs = as(owner.token()).body(batch(item(b, null), item(a, "batch-key"), item(b, null)))
                .post("/api/launches")
                .then().statusCode(202)
                .body("runs.taskId", contains(b, a, b))
                .body("runs.status", contains("QUEUED", "QUEUED", "QUEUED"))
                .body("runs.ownerId", contains(owner.id(), owner.id(), owner.id()))
                .extract().path("runs.id");
        assertEquals(3, runs.stream().distinct().count());
        assertEquals(3L, launchesOf(owner));
        for (String run : runs) {
            assertEquals(1L, count("SELECT count(*) FROM outbox WHERE run_id = $1", UUID.fromString(run)));
        }
        RunRequested request = Records.parse(Records.find(bootstrapServers, Topics.PENDING_TASKS, runs.get(1)).value(),
                RunRequested::parseFrom);
        assertEquals(a, request.getRun().getTaskId());
        assertEquals(1, request.getAttempt());

        // The keyed launch replays; the others launch again.
        List<String> again = as(owner.token()).body(batch(item(b, null), item(a, "batch-key")))
                .post("/api/launches")
                .then().statusCode(202)
                .extract().path("runs.id");
        assertNotEquals(runs.get(0), again.get(0));
        assertEquals(runs.get(1), again.get(1));
        assertEquals(4L, launchesOf(owner));
    }

    @Test
    void oneTaskOfSomebodyElseAndNothingIsWritten() {
        Api.Account owner = Api.newUser();
        String mine = Api.createTask(owner.token(), "mine");
        String theirs = Api.createTask(Api.newUser().token(), "theirs");
        String missing = UUID.randomUUID().toString();
        long launches = count("SELECT count(*) FROM run_launch");
        long outbox = count("SELECT count(*) FROM outbox");

        as(owner.token()).body(batch(item(mine, "k1"), item(theirs, null), item(mine, null), item(missing, null)))
                .post("/api/launches")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("launches[1]: Task " + theirs + " does not exist; launches[3]: Task " + missing
                        + " does not exist"));

        assertEquals(launches, count("SELECT count(*) FROM run_launch"));
        assertEquals(outbox, count("SELECT count(*) FROM outbox"));
        // The key of the refused batch was never taken.
        as(owner.token()).header("Idempotency-Key", "k1").post("/api/tasks/" + mine + "/launch")
                .then().statusCode(202).header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void oneKeyForTwoTasksInOneBatchIs422AndWritesNothing() {
        Api.Account owner = Api.newUser();
        String a = Api.createTask(owner.token(), "a");
        String b = Api.createTask(owner.token(), "b");

        as(owner.token()).body(batch(item(a, "dup"), item(a, "dup"), item(b, "dup")))
                .post("/api/launches")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("launches[2]: The Idempotency-Key 'dup' was already used to launch task " + a));
        assertEquals(0L, launchesOf(owner));

        // The same key twice for the same task is one run.
        List<String> runs = as(owner.token()).body(batch(item(a, "dup"), item(a, "dup")))
                .post("/api/launches")
                .then().statusCode(202)
                .extract().path("runs.id");
        assertEquals(runs.get(0), runs.get(1));
        assertEquals(1L, launchesOf(owner));
    }

    @Test
    void sizeAndShapeAreChecked() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "t");

        as(owner.token()).body(Map.of("launches", List.of())).post("/api/launches")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("launches"));
        as(owner.token()).body(Map.of()).post("/api/launches").then().statusCode(400)
                .body("violations[0].field", equalTo("launches"));
        as(owner.token()).body(batch(item(task, " "), item(null, null))).post("/api/launches")
                .then().statusCode(400)
                .body("violations.field", contains("launches[0].idempotencyKey", "launches[1].taskId"));
        as(owner.token()).body(Map.of("launches", List.of(Map.of("taskId", "not-a-uuid")))).post("/api/launches")
                .then().statusCode(400)
                .contentType("application/problem+json");

        List<Map<String, Object>> tooMany = new ArrayList<>(Collections.nCopies(1001, item(task, null)));
        as(owner.token()).body(Map.of("launches", tooMany)).post("/api/launches")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:payload-too-large"))
                .body("detail", equalTo("A batch holds at most 1000 launches; this one has 1001"));
        assertEquals(0L, launchesOf(owner));
    }

    @Test
    void aThousandLaunchesInOneTransaction() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "bulk");
        List<Map<String, Object>> launches = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            launches.add(item(task, "bulk-" + i));
        }
        List<String> runs = as(owner.token()).body(Map.of("launches", launches)).post("/api/launches")
                .then().statusCode(202)
                .extract().path("runs.id");
        assertEquals(1000, runs.stream().distinct().count());
        // Every row is the task's snapshot with its own key, and has its outbox record (one multi-row insert each).
        assertEquals(1000L, count("SELECT count(*) FROM run_launch l JOIN task t ON t.id = l.task_id"
                + " WHERE l.task_id = $1 AND l.owner_id = t.owner_id AND l.launched_by = t.owner_id"
                + " AND l.action = t.action AND l.input = t.input AND l.priority = t.priority"
                + " AND l.max_attempts = t.max_attempts AND l.timeout_ms = t.timeout_ms"
                + " AND l.idempotency_key LIKE 'bulk-%'", UUID.fromString(task)));
        assertEquals(1000L, count("SELECT count(DISTINCT l.idempotency_key) FROM run_launch l JOIN outbox o"
                + " ON o.run_id = l.id AND o.record_key = l.id::text AND o.topic = 'pending-tasks'"
                + " AND o.created_at = l.created_at WHERE l.task_id = $1", UUID.fromString(task)));
    }

    static Map<String, Object> batch(Map<?, ?>... items) {
        return Map.of("launches", List.of(items));
    }

    static Map<String, Object> item(String taskId, String key) {
        Map<String, Object> item = new HashMap<>();
        item.put("taskId", taskId);
        item.put("idempotencyKey", key);
        return item;
    }

    private long launchesOf(Api.Account owner) {
        return count("SELECT count(*) FROM run_launch WHERE owner_id = $1", UUID.fromString(owner.id()));
    }

    private long count(String sql, Object... parameters) {
        return Database.count(database, sql, parameters);
    }
}
