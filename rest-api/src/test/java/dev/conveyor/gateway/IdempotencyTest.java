package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.conveyor.gateway.run.IdempotencyKeyPurge;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Idempotency-Key rules beyond the plain replay (LaunchTest): other tasks, other callers, expiry and purge. */
@QuarkusTest
class IdempotencyTest {

    @Inject
    Pool database;

    @Inject
    IdempotencyKeyPurge purge;

    @Test
    void aKeyUsedForAnotherTaskIs422AndLaunchesNothing() {
        Api.Account owner = Api.newUser();
        String first = Api.createTask(owner.token(), "first");
        String second = Api.createTask(owner.token(), "second");
        String run = launch(owner.token(), first, "shared-key").then().statusCode(202).extract().path("id");

        launch(owner.token(), second, "shared-key").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:idempotency-key-reused"))
                .body("detail", containsString("already used to launch task " + first + " (run " + run + ")"));
        assertEquals(0L, count("SELECT count(*) FROM run_launch WHERE task_id = $1", UUID.fromString(second)));
    }

    @Test
    void keysBelongToTheCallerNotToTheRunsOwner() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "shared");
        String byOwner = launch(owner.token(), task, "same-key").then().statusCode(202).extract().path("id");
        String byAdmin = launch(Api.adminToken(), task, "same-key").then().statusCode(202)
                .header("Idempotent-Replayed", nullValue())
                .body("ownerId", equalTo(owner.id()))
                .extract().path("id");
        assertNotEquals(byOwner, byAdmin);
        launch(Api.adminToken(), task, "same-key").then().statusCode(202)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(byAdmin));
    }

    @Test
    void anExpiredKeyLaunchesAgainAndThePurgeClearsOldKeys() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "daily");
        String old = launch(owner.token(), task, "daily-key").then().statusCode(202).extract().path("id");
        age(old);

        String fresh = launch(owner.token(), task, "daily-key").then().statusCode(202)
                .header("Idempotent-Replayed", nullValue())
                .extract().path("id");
        assertNotEquals(old, fresh);
        assertEquals(0L, count("SELECT count(*) FROM run_launch WHERE id = $1 AND idempotency_key IS NOT NULL", UUID.fromString(old)));
        launch(owner.token(), task, "daily-key").then().statusCode(202).body("id", equalTo(fresh));

        age(fresh);
        purge.purge().await().atMost(Duration.ofSeconds(10));
        assertEquals(0L, count("SELECT count(*) FROM run_launch WHERE id = $1 AND idempotency_key IS NOT NULL", UUID.fromString(fresh)));
        assertEquals(1L, count("SELECT count(*) FROM run_launch WHERE id = $1", UUID.fromString(fresh)));
    }

    private static io.restassured.response.Response launch(String token, String task, String key) {
        return as(token).header("Idempotency-Key", key).post("/api/tasks/" + task + "/launch");
    }

    /** As if launched a day and an hour ago: past the 24 h retention. */
    private void age(String runId) {
        Database.execute(database, "UPDATE run_launch SET created_at = now() - interval '25 hours' WHERE id = $1",
                UUID.fromString(runId));
    }

    private long count(String sql, Object... parameters) {
        return Database.count(database, sql, parameters);
    }
}
