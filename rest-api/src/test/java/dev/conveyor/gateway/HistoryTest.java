package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.google.protobuf.Timestamp;
import dev.conveyor.proto.Priority;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunError;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Transition;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HistoryTest {

    @AfterEach
    void updaterBack() {
        FakeHistoryService.unavailable = false;
    }

    @Test
    void ownersSeeTheirRunsWithTheirWholeHistory() {
        Api.Account owner = Api.newUser();
        Run run = failedRun(owner.id());
        FakeHistoryService.RUNS.put(run.getId(), run);

        as(owner.token()).get("/api/histories/" + run.getId()).then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("attempts", equalTo(1))
                .body("input.limit", equalTo(10))
                .body("result", nullValue())
                .body("error.code", equalTo("boom"))
                .body("error.retryable", equalTo(false))
                .body("workerId", equalTo("worker-1"))
                .body("startedAt", equalTo("1970-01-01T00:00:02Z"))
                .body("transitions.status", org.hamcrest.Matchers.contains("QUEUED", "RUNNING", "FAILED"));
        as(owner.token()).get("/api/histories?status=FAILED").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(run.getId()));
        as(owner.token()).get("/api/histories?status=SUCCEEDED").then().statusCode(200).body("total", equalTo(0));

        as(Api.newUser().token()).get("/api/histories/" + run.getId()).then().statusCode(404)
                .contentType("application/problem+json");
        as(Api.adminToken()).get("/api/histories/" + run.getId()).then().statusCode(200);
    }

    @Test
    void invalidFiltersAreValidationProblems() {
        as(Api.newUser().token()).get("/api/histories?status=DONE&size=1000").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", org.hamcrest.Matchers.contains("status"));
        as(Api.newUser().token()).get("/api/histories?size=1000").then().statusCode(400)
                .body("violations[0].field", equalTo("size"));
    }

    @Test
    void aRepeatedQueryParameterIsRefusedNotResolved() {
        as(Api.newUser().token()).get("/api/histories?size=&size=500").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("size"))
                .body("violations[0].message", equalTo("is given 2 times; give it once"));
    }

    @Test
    void anUnavailableUpdaterIsA503() {
        FakeHistoryService.unavailable = true;
        as(Api.newUser().token()).get("/api/histories").then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:unavailable"))
                .body("detail", equalTo("Run history is temporarily unavailable; try again shortly"));
    }

    private static Run failedRun(String ownerId) {
        RunError error = RunError.newBuilder().setCode("boom").setMessage("it broke").setRetryable(false).build();
        return Run.newBuilder()
                .setId(UUID.randomUUID().toString())
                .setTaskId(UUID.randomUUID().toString())
                .setOwnerId(ownerId)
                .setAction("primes")
                .setInputJson("{\"limit\":10}")
                .setPriority(Priority.HIGH)
                .setStatus(RunStatus.FAILED)
                .setAttempts(1)
                .setMaxAttempts(1)
                .setError(error)
                .setWorkerId("worker-1")
                .setCreatedAt(at(1))
                .setStartedAt(at(2))
                .setFinishedAt(at(3))
                .addTransitions(Transition.newBuilder().setStatus(RunStatus.QUEUED).setAttempt(1).setAt(at(1)))
                .addTransitions(Transition.newBuilder().setStatus(RunStatus.RUNNING).setAttempt(1).setAt(at(2)))
                .addTransitions(Transition.newBuilder().setStatus(RunStatus.FAILED).setAttempt(1).setAt(at(3)).setError(error))
                .build();
    }

    private static Timestamp at(long seconds) {
        return Timestamp.newBuilder().setSeconds(seconds).build();
    }
}
