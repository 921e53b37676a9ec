package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.conveyor.contract.EventHeaders;
import dev.conveyor.contract.Topics;
import dev.conveyor.proto.Priority;
import dev.conveyor.proto.RunRequested;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LaunchTest {

    @Inject
    Pool database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void launchIsAcceptedWrittenToTheOutboxAndPublishedToKafka() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "launch me");

        String location = as(owner.token()).post("/api/tasks/" + task + "/launch")
                .then().statusCode(202)
                .body("taskId", equalTo(task))
                .body("ownerId", equalTo(owner.id()))
                .body("status", equalTo("QUEUED"))
                .body("action", equalTo("primes"))
                .body("input.limit", equalTo(1000))
                .body("maxAttempts", equalTo(3))
                .body("transitions[0].status", equalTo("QUEUED"))
                .extract().header("Location");
        String runId = location.substring(location.lastIndexOf("/api/histories/") + "/api/histories/".length());
        assertEquals(7, UUID.fromString(runId).version());
        assertEquals(1L, count("SELECT count(*) FROM run_launch WHERE id = $1", UUID.fromString(runId)));
        assertEquals(1L, count("SELECT count(*) FROM outbox WHERE run_id = $1", UUID.fromString(runId)));

        ConsumerRecord<String, byte[]> record = Records.find(bootstrapServers, Topics.PENDING_TASKS, runId);
        RunRequested request = Records.parse(record.value(), RunRequested::parseFrom);
        assertEquals(runId, request.getRun().getRunId());
        assertEquals(task, request.getRun().getTaskId());
        assertEquals(owner.id(), request.getRun().getOwnerId());
        assertEquals(1, request.getAttempt());
        assertEquals(Priority.MEDIUM, request.getPriority());
        assertEquals("{\"limit\":1000}", request.getInputJson());
        assertEquals(EventHeaders.TYPE_RUN_REQUESTED, Records.header(record, EventHeaders.TYPE));
        assertEquals("rest-api", Records.header(record, EventHeaders.SOURCE));
        assertEquals(EventHeaders.SPEC_VERSION_VALUE, Records.header(record, EventHeaders.SPEC_VERSION));
        assertEquals(EventHeaders.PROTOBUF_CONTENT_TYPE, Records.header(record, EventHeaders.CONTENT_TYPE));
        assertNotNull(UUID.fromString(Records.header(record, EventHeaders.ID)));
        assertNotNull(Records.header(record, EventHeaders.TIME));

        await().atMost(Duration.ofSeconds(10)).until(() ->
                count("SELECT count(*) FROM outbox WHERE run_id = $1 AND published_at IS NOT NULL", UUID.fromString(runId)) == 1);

        // Read-your-writes: the updater (here the fake) does not know the run yet, run_launch answers.
        as(owner.token()).get(location).then().statusCode(200).body("id", equalTo(runId)).body("status", equalTo("QUEUED"));
        as(Api.newUser().token()).get(location).then().statusCode(404);
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameRun() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "once");
        String key = UUID.randomUUID().toString();
        String first = as(owner.token()).header("Idempotency-Key", key).post("/api/tasks/" + task + "/launch")
                .then().statusCode(202).header("Idempotent-Replayed", nullValue()).extract().path("id");
        String second = as(owner.token()).header("Idempotency-Key", key).post("/api/tasks/" + task + "/launch")
                .then().statusCode(202).header("Idempotent-Replayed", "true").extract().path("id");
        assertEquals(first, second);
        assertEquals(1L, count("SELECT count(*) FROM run_launch WHERE task_id = $1", UUID.fromString(task)));
        assertEquals(1L, count("SELECT count(*) FROM outbox WHERE run_id = $1", UUID.fromString(first)));

        as(owner.token()).header("Idempotency-Key", "x".repeat(201)).post("/api/tasks/" + task + "/launch")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void thePollPublishesRecordsNobodyWokeTheRelayFor() {
        // As after a crash between commit and wake-up: a committed, unpublished row and no signal.
        UUID runId = UUID.randomUUID();
        database.preparedQuery("INSERT INTO outbox (run_id, topic, record_key, payload, headers, created_at)"
                        + " VALUES ($1, 'pending-tasks', $2, $3, $4, now())")
                .execute(Tuple.of(runId, runId.toString(), io.vertx.core.buffer.Buffer.buffer(new byte[0]),
                        new io.vertx.core.json.JsonObject().put(EventHeaders.ID, UUID.randomUUID().toString())))
                .await().atMost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).until(() ->
                count("SELECT count(*) FROM outbox WHERE run_id = $1 AND published_at IS NOT NULL", runId) == 1);
        assertNotNull(Records.find(bootstrapServers, Topics.PENDING_TASKS, runId.toString()));
    }

    @Test
    void concurrentLaunchesWithOneKeyCreateOneRun() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "raced");
        String key = UUID.randomUUID().toString();
        List<String> runs = Concurrently.run(8, () -> as(owner.token()).header("Idempotency-Key", key)
                        .post("/api/tasks/" + task + "/launch")
                        .then().statusCode(202)
                        .extract().<String>path("id"))
                .stream().distinct().toList();
        assertEquals(1, runs.size());
        assertEquals(1L, count("SELECT count(*) FROM run_launch WHERE task_id = $1", UUID.fromString(task)));
        assertEquals(1L, count("SELECT count(*) FROM outbox WHERE run_id = $1", UUID.fromString(runs.getFirst())));
    }

    @Test
    void badInputLeavesNoRowsBehind() {
        Api.Account owner = Api.newUser();
        long launches = count("SELECT count(*) FROM run_launch");
        long outbox = count("SELECT count(*) FROM outbox");
        long tasks = count("SELECT count(*) FROM task WHERE owner_id = $1", UUID.fromString(owner.id()));

        as(owner.token()).post("/api/tasks/" + UUID.randomUUID() + "/launch").then().statusCode(404);
        as(owner.token()).body(Map.of("title", "bad", "action", "primes", "input", Map.of("limit", -1)))
                .post("/api/tasks").then().statusCode(400);
        Map<String, Object> body = new HashMap<>(Api.task("bad"));
        body.put("action", "nope");
        as(owner.token()).body(body).post("/api/tasks").then().statusCode(400);

        assertEquals(launches, count("SELECT count(*) FROM run_launch"));
        assertEquals(outbox, count("SELECT count(*) FROM outbox"));
        assertEquals(tasks, count("SELECT count(*) FROM task WHERE owner_id = $1", UUID.fromString(owner.id())));
    }

    /** A launch's run_launch row and outbox record are one INSERT, without a transaction of their own. */
    @Test
    void aLaunchWhoseOutboxRecordIsRefusedLeavesNoRunBehind() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "outbox refuses");
        // Refuses the outbox records of this owner's runs only: their payload carries the owner's id.
        String refusal = "refuse_outbox_of_" + owner.id().replace("-", "");
        Database.execute(database, "CREATE FUNCTION " + refusal + "() RETURNS trigger LANGUAGE plpgsql"
                + " AS $$ BEGIN RAISE EXCEPTION 'outbox refused'; END $$");
        Database.execute(database, "CREATE TRIGGER " + refusal + " BEFORE INSERT ON outbox FOR EACH ROW"
                + " WHEN (position(convert_to('" + owner.id() + "', 'UTF8') IN NEW.payload) > 0)"
                + " EXECUTE FUNCTION " + refusal + "()");
        try {
            as(owner.token()).post("/api/tasks/" + task + "/launch").then().statusCode(500)
                    .body("type", equalTo("urn:conveyor:problem:internal"));
        } finally {
            Database.execute(database, "DROP TRIGGER " + refusal + " ON outbox");
            Database.execute(database, "DROP FUNCTION " + refusal + "()");
        }

        assertEquals(0L, count("SELECT count(*) FROM run_launch WHERE task_id = $1", UUID.fromString(task)));
        as(owner.token()).post("/api/tasks/" + task + "/launch").then().statusCode(202);
        assertEquals(1L, count("SELECT count(*) FROM run_launch WHERE task_id = $1", UUID.fromString(task)));
    }

    private long count(String sql, Object... parameters) {
        return Database.count(database, sql, parameters);
    }
}
