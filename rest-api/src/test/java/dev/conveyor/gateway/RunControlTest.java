package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conveyor.contract.EventHeaders;
import dev.conveyor.contract.Topics;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunCancelRequested;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Cancel and re-drive over REST: status rules, ownership, and the records they publish through the outbox. */
@QuarkusTest
class RunControlTest {

    @Inject
    Pool database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aRunningRunIsCancelledThroughRunControl() {
        Api.Account owner = Api.newUser();
        Run run = Runs.run(UUID.randomUUID().toString(), UUID.randomUUID().toString(), owner.id(), RunStatus.RUNNING, 1);
        FakeHistoryService.RUNS.put(run.getId(), run);

        as(owner.token()).post("/api/histories/" + run.getId() + "/cancel").then().statusCode(202)
                .body("id", equalTo(run.getId()))
                .body("status", equalTo("RUNNING"));

        ConsumerRecord<String, byte[]> record = Records.find(bootstrapServers, Topics.RUN_CONTROL, run.getId());
        RunCancelRequested request = Records.parse(record.value(), RunCancelRequested::parseFrom);
        assertEquals(run.getId(), request.getRun().getRunId());
        assertEquals(run.getTaskId(), request.getRun().getTaskId());
        assertEquals(owner.id(), request.getRun().getOwnerId());
        assertEquals("primes", request.getRun().getAction());
        assertEquals(owner.id(), request.getRequestedBy());
        assertEquals("dev.conveyor.run.cancel-requested.v1", Records.header(record, EventHeaders.TYPE));
        assertEquals(1L, Database.count(database, "SELECT count(*) FROM outbox WHERE run_id = $1 AND topic = 'run-control'",
                UUID.fromString(run.getId())));
    }

    @Test
    void onlyQueuedRetryingOrRunningRunsCanBeCancelled() {
        Api.Account owner = Api.newUser();
        for (RunStatus ended : new RunStatus[] {RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.DEAD, RunStatus.CANCELLED}) {
            Run run = Runs.run(UUID.randomUUID().toString(), UUID.randomUUID().toString(), owner.id(), ended, 1);
            FakeHistoryService.RUNS.put(run.getId(), run);
            as(owner.token()).post("/api/histories/" + run.getId() + "/cancel").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:conveyor:problem:run-state"))
                    .body("detail", equalTo("Run " + run.getId() + " is " + ended
                            + "; only QUEUED, RETRYING or RUNNING runs can be cancelled"));
            assertEquals(0L, Database.count(database, "SELECT count(*) FROM outbox WHERE run_id = $1",
                    UUID.fromString(run.getId())));
        }
        Run retrying = Runs.run(UUID.randomUUID().toString(), UUID.randomUUID().toString(), owner.id(), RunStatus.RETRYING, 1);
        FakeHistoryService.RUNS.put(retrying.getId(), retrying);
        as(owner.token()).post("/api/histories/" + retrying.getId() + "/cancel").then().statusCode(202);
    }

    @Test
    void othersRunsAreNotFoundButAdminsMayCancel() {
        Api.Account owner = Api.newUser();
        Run run = Runs.run(UUID.randomUUID().toString(), UUID.randomUUID().toString(), owner.id(), RunStatus.QUEUED, 0);
        FakeHistoryService.RUNS.put(run.getId(), run);

        as(Api.newUser().token()).post("/api/histories/" + run.getId() + "/cancel").then().statusCode(404)
                .contentType("application/problem+json");
        as(Api.newUser().token()).post("/api/histories/" + run.getId() + "/retry").then().statusCode(404);
        as(Api.adminToken()).post("/api/histories/" + run.getId() + "/cancel").then().statusCode(202);
        RunCancelRequested request = Records.parse(
                Records.find(bootstrapServers, Topics.RUN_CONTROL, run.getId()).value(), RunCancelRequested::parseFrom);
        assertEquals(owner.id(), request.getRun().getOwnerId());
    }

    @Test
    void aRunJustLaunchedCanBeCancelledBeforeTheUpdaterKnowsIt() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "cancel me");
        String run = as(owner.token()).post("/api/tasks/" + task + "/launch").then().statusCode(202).extract().path("id");

        as(owner.token()).post("/api/histories/" + run + "/cancel").then().statusCode(202)
                .body("status", equalTo("QUEUED"));
        RunCancelRequested request = Records.parse(
                Records.find(bootstrapServers, Topics.RUN_CONTROL, run).value(), RunCancelRequested::parseFrom);
        assertEquals(task, request.getRun().getTaskId());
    }

    @Test
    void aFailedRunIsReDrivenAsItsNextAttemptWithTheTasksBudgetNow() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "redrive");
        String run = as(owner.token()).post("/api/tasks/" + task + "/launch").then().statusCode(202).extract().path("id");
        // The task now allows 5 attempts; the run failed at attempt 2.
        as(owner.token()).body(Map.of("title", "redrive", "action", "primes", "input", Map.of("limit", 1000),
                "maxAttempts", 5)).put("/api/tasks/" + task).then().statusCode(200);
        FakeHistoryService.RUNS.put(run, Runs.run(run, task, owner.id(), RunStatus.FAILED, 2));

        as(owner.token()).post("/api/histories/" + run + "/retry").then().statusCode(202)
                .body("id", equalTo(run))
                .body("status", equalTo("FAILED"));

        RunRequested request = redrive(run, 3);
        assertEquals(7, request.getMaxAttempts());
        assertEquals(task, request.getRun().getTaskId());
        assertEquals(owner.id(), request.getRun().getOwnerId());
        assertEquals("{\"limit\":1000}", request.getInputJson());

        // Until the updater has seen it, a second retry would run attempt 3 twice.
        as(owner.token()).post("/api/histories/" + run + "/retry").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("Run " + run + " is already being re-driven (attempt 3 or later)"));
    }

    @Test
    void aDeadRunOfADeletedTaskKeepsItsLaunchBudget() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "gone");
        String run = as(owner.token()).post("/api/tasks/" + task + "/launch").then().statusCode(202).extract().path("id");
        as(owner.token()).delete("/api/tasks/" + task).then().statusCode(204);
        FakeHistoryService.RUNS.put(run, Runs.run(run, task, owner.id(), RunStatus.DEAD, 3));

        as(Api.adminToken()).post("/api/histories/" + run + "/retry").then().statusCode(202);
        assertEquals(6, redrive(run, 4).getMaxAttempts());
    }

    @Test
    void onlyFailedOrDeadRunsCanBeReDriven() {
        Api.Account owner = Api.newUser();
        for (RunStatus status : new RunStatus[] {RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.RETRYING,
                RunStatus.SUCCEEDED, RunStatus.CANCELLED}) {
            Run run = Runs.run(UUID.randomUUID().toString(), UUID.randomUUID().toString(), owner.id(), status, 1);
            FakeHistoryService.RUNS.put(run.getId(), run);
            as(owner.token()).post("/api/histories/" + run.getId() + "/retry").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", equalTo("Run " + run.getId() + " is " + status + "; only DEAD or FAILED runs can be re-driven"));
        }
    }

    private RunRequested redrive(String run, int attempt) {
        ConsumerRecord<String, byte[]> record = Records.find(bootstrapServers, Topics.PENDING_TASKS, run,
                candidate -> Records.parse(candidate.value(), RunRequested::parseFrom).getAttempt() == attempt);
        assertEquals(EventHeaders.TYPE_RUN_REQUESTED, Records.header(record, EventHeaders.TYPE));
        return Records.parse(record.value(), RunRequested::parseFrom);
    }
}
