package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.as;
import static dev.conveyor.gateway.Grpc.withToken;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conveyor.gateway.support.LogIds;
import dev.conveyor.infra.test.CapturedLogs;
import dev.conveyor.proto.LaunchRequest;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunServiceGrpc;
import dev.conveyor.proto.RunStatus;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log contract (observability/LOGS.md) on what the gateway logs: the caller's id on the lines of an authenticated
 * request, a run's ids on the lines about it, over REST and gRPC, and never another request's ids, however many
 * requests share the event loop.
 */
@QuarkusTest
class LogIdsTest {

    private static final Set<String> IDS = Set.of(LogIds.USER_ID, LogIds.RUN_ID, LogIds.TASK_ID);

    private CapturedLogs logs;

    @BeforeEach
    void capture() {
        logs = CapturedLogs.of("dev.conveyor.gateway");
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void aRestLaunchIsLoggedWithTheCallersAndTheRunsIds() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "logged");

        String run = as(owner.token()).post("/api/tasks/" + task + "/launch").then().statusCode(202)
                .extract().path("id");

        assertEquals(Map.of(LogIds.USER_ID, owner.id(), LogIds.RUN_ID, run, LogIds.TASK_ID, task),
                ids(line("Run " + run + " launched")));
    }

    @Test
    void aGrpcLaunchIsLoggedWithTheCallersAndTheRunsIds() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "logged over gRPC");

        Run run = withToken(RunServiceGrpc.newBlockingStub(Grpc.channel()), owner.token())
                .launch(LaunchRequest.newBuilder().setTaskId(task).build());

        assertEquals(Map.of(LogIds.USER_ID, owner.id(), LogIds.RUN_ID, run.getId(), LogIds.TASK_ID, task),
                ids(line("Run " + run.getId() + " launched")));
    }

    @Test
    void eachRunOfABatchHasItsOwnLine() {
        Api.Account owner = Api.newUser();
        String a = Api.createTask(owner.token(), "a");
        String b = Api.createTask(owner.token(), "b");

        List<String> runs = as(owner.token())
                .body(Map.of("launches", List.of(Map.of("taskId", a), Map.of("taskId", b))))
                .post("/api/launches").then().statusCode(202).extract().path("runs.id");

        assertEquals(Map.of(LogIds.USER_ID, owner.id(), LogIds.RUN_ID, runs.get(0), LogIds.TASK_ID, a),
                ids(line("Run " + runs.get(0) + " launched")));
        assertEquals(Map.of(LogIds.USER_ID, owner.id(), LogIds.RUN_ID, runs.get(1), LogIds.TASK_ID, b),
                ids(line("Run " + runs.get(1) + " launched")));
    }

    @Test
    void aCancellationIsLoggedWithTheRunsIds() {
        Api.Account owner = Api.newUser();
        Run run = Runs.run(UUID.randomUUID().toString(), UUID.randomUUID().toString(), owner.id(), RunStatus.RUNNING, 1);
        FakeHistoryService.RUNS.put(run.getId(), run);

        as(owner.token()).post("/api/histories/" + run.getId() + "/cancel").then().statusCode(202);

        assertEquals(Map.of(LogIds.USER_ID, owner.id(), LogIds.RUN_ID, run.getId(), LogIds.TASK_ID, run.getTaskId()),
                ids(line("Run " + run.getId() + ": cancellation requested")));
    }

    @Test
    void concurrentRequestsNeverCarryEachOthersIds() {
        List<Api.Account> owners = List.of(Api.newUser(), Api.newUser(), Api.newUser(), Api.newUser());
        Map<String, String> tasks = new HashMap<>();
        owners.forEach(owner -> tasks.put(owner.id(), Api.createTask(owner.token(), "busy")));

        List<Map<String, String>> launched = Concurrently.run(16, () -> {
            Api.Account owner = owners.get((int) (Thread.currentThread().threadId() % owners.size()));
            String task = tasks.get(owner.id());
            String run = as(owner.token()).post("/api/tasks/" + task + "/launch").then().statusCode(202)
                    .extract().path("id");
            return Map.of(LogIds.USER_ID, owner.id(), LogIds.RUN_ID, run, LogIds.TASK_ID, task);
        });

        launched.forEach(expected -> assertEquals(expected, ids(line("Run " + expected.get(LogIds.RUN_ID)
                + " launched"))));
    }

    /** The one line containing {@code text}, once logged. */
    private CapturedLogs.Line line(String text) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !logs.containing(text).isEmpty());
        List<CapturedLogs.Line> lines = logs.containing(text);
        assertEquals(1, lines.size(), () -> "lines containing '" + text + "': " + lines);
        return lines.getFirst();
    }

    private static Map<String, String> ids(CapturedLogs.Line line) {
        Map<String, String> ids = new HashMap<>(line.mdc());
        ids.keySet().retainAll(IDS);
        return ids;
    }
}
