package dev.conveyor.updater.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conveyor.proto.GetRunRequest;
import dev.conveyor.proto.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.Priority;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunPage;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.updater.TestRuns;
import dev.conveyor.updater.run.RunEvent;
import dev.conveyor.updater.run.RunRecorder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.MutinyServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServiceResponse;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.infra.test.MongoTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The history service through a real gRPC client, on the application's HTTP port. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class HistoryGrpcTest {

    @TestHTTPResource
    URL url;

    @Inject
    RunRecorder recorder;

    private HistoryClient client;
    private HistoryServiceBlockingStub history;
    private final String owner = "owner-" + UUID.randomUUID();
    private final String otherOwner = "owner-" + UUID.randomUUID();

    @BeforeEach
    void connect() {
        client = new HistoryClient(url);
        history = client.blocking();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void getRunReturnsTheWholeHistoryToItsOwner() {
        RunRef run = TestRuns.newRun(owner, "task-a", "sum");
        record(run, RunStatus.QUEUED, 0);
        record(run, RunStatus.RUNNING, 1);
        record(run, RunStatus.SUCCEEDED, 2);

        Run found = history.getRun(GetRunRequest.newBuilder().setRunId(run.getRunId()).setOwnerId(owner).build());

        assertEquals(run.getRunId(), found.getId());
        assertEquals(owner, found.getOwnerId());
        assertEquals("task-a", found.getTaskId());
        assertEquals(RunStatus.SUCCEEDED, found.getStatus());
        assertEquals(Priority.MEDIUM, found.getPriority());
        assertEquals(TestRuns.INPUT_JSON, found.getInputJson());
        assertEquals(TestRuns.RESULT_JSON, found.getResultJson());
        assertEquals(List.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.SUCCEEDED),
                found.getTransitionsList().stream().map(t -> t.getStatus()).toList());
        assertTrue(found.hasFinishedAt());
    }

    @Test
    void getRunWithoutOwnerFindsAnyRun() {
        RunRef run = TestRuns.newRun(owner, "task-a", "sum");
        record(run, RunStatus.QUEUED, 0);

        assertEquals(run.getRunId(), history.getRun(GetRunRequest.newBuilder().setRunId(run.getRunId()).build()).getId());
    }

    @Test
    void anotherOwnersRunIsNotFound() {
        RunRef run = TestRuns.newRun(owner, "task-a", "sum");
        record(run, RunStatus.QUEUED, 0);

        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> history.getRun(
                GetRunRequest.newBuilder().setRunId(run.getRunId()).setOwnerId(otherOwner).build()));

        assertEquals(Status.Code.NOT_FOUND, error.getStatus().getCode());
        assertEquals("run " + run.getRunId() + " not found", error.getStatus().getDescription());
    }

    @Test
    void anUnknownRunIsNotFoundAndAMalformedIdIsInvalid() {
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> history.getRun(GetRunRequest.newBuilder().setRunId(UUID.randomUUID().toString()).build()));
        StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class,
                () -> history.getRun(GetRunRequest.newBuilder().setRunId("not-a-uuid").build()));

        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode());
        assertTrue(malformed.getStatus().getDescription().contains("run_id"));
    }

    @Test
    void listRunsPagesAnOwnersRunsNewestFirst() {
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RunRef run = TestRuns.newRun(owner, "task-a", "sum");
            record(run, RunStatus.QUEUED, i * 60);
            newestFirst.addFirst(run.getRunId());
        }
        record(TestRuns.newRun(otherOwner, "task-a", "sum"), RunStatus.QUEUED, 0);

        RunPage first = list(ListRunsRequest.newBuilder().setSize(2));
        RunPage second = list(ListRunsRequest.newBuilder().setSize(2).setPage(1));
        RunPage last = list(ListRunsRequest.newBuilder().setSize(2).setPage(2));

        assertEquals(5, first.getTotal());
        assertEquals(newestFirst.subList(0, 2), ids(first));
        assertEquals(newestFirst.subList(2, 4), ids(second));
        assertEquals(newestFirst.subList(4, 5), ids(last));
        assertEquals(1, second.getPage());
        assertEquals(2, second.getSize());
    }

    @Test
    void listRunsFiltersByStatusTaskAndAction() {
        RunRef succeeded = TestRuns.newRun(owner, "task-a", "sum");
        record(succeeded, RunStatus.QUEUED, 0);
        record(succeeded, RunStatus.SUCCEEDED, 1);
        RunRef queuedOtherTask = TestRuns.newRun(owner, "task-b", "sum");
        record(queuedOtherTask, RunStatus.QUEUED, 2);
        RunRef otherAction = TestRuns.newRun(owner, "task-c", "hash");
        record(otherAction, RunStatus.QUEUED, 3);

        assertEquals(List.of(succeeded.getRunId()), ids(list(ListRunsRequest.newBuilder().setStatus(RunStatus.SUCCEEDED))));
        assertEquals(List.of(queuedOtherTask.getRunId()), ids(list(ListRunsRequest.newBuilder().setTaskId("task-b"))));
        assertEquals(List.of(otherAction.getRunId()), ids(list(ListRunsRequest.newBuilder().setAction("hash"))));
        assertEquals(3, list(ListRunsRequest.newBuilder()).getTotal());
        assertEquals(20, list(ListRunsRequest.newBuilder()).getSize());
    }

    @Test
    void listRunsOfAllOwnersIncludesEveryOwner() {
        String task = "task-" + UUID.randomUUID();
        record(TestRuns.newRun(owner, task, "sum"), RunStatus.QUEUED, 0);
        record(TestRuns.newRun(otherOwner, task, "sum"), RunStatus.QUEUED, 1);

        RunPage all = history.listRuns(ListRunsRequest.newBuilder().setTaskId(task).build());

        assertEquals(2, all.getTotal());
    }

    @Test
    void aPageSizeOutOfRangeIsInvalid() {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> history.listRuns(ListRunsRequest.newBuilder().setOwnerId(owner).setSize(101).build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
    }

    @Test
    void reflectionListsTheHistoryServiceForStandardTools() {
        ServerReflectionRequest listServices = ServerReflectionRequest.newBuilder().setListServices("").build();

        List<String> services = MutinyServerReflectionGrpc.newMutinyStub(client.channel())
                .serverReflectionInfo(Multi.createFrom().item(listServices))
                .toUni().await().atMost(Duration.ofSeconds(30))
                .getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();

        assertTrue(services.contains("conveyor.v1.HistoryService"), () -> "Listed: " + services);
    }

    /** Lists this test's owner's runs. */
    private RunPage list(ListRunsRequest.Builder request) {
        return history.listRuns(request.setOwnerId(owner).build());
    }

    private static List<String> ids(RunPage page) {
        return page.getRunsList().stream().map(Run::getId).toList();
    }

    private void record(RunRef run, RunStatus status, int second) {
        Instant at = Instant.ofEpochSecond(TestRuns.at(second).getSeconds());
        RunEvent event = switch (status) {
            case QUEUED -> new RunEvent(run, status, 1, at, null, null,
                    new RunEvent.Launch(TestRuns.INPUT_JSON, Priority.MEDIUM, 3, at, null), null, null);
            case SUCCEEDED -> new RunEvent(run, status, 1, at, "worker-1", null, null, TestRuns.RESULT_JSON, null);
            default -> new RunEvent(run, status, 1, at, "worker-1", null, null, null, null);
        };
        recorder.record(event).await().atMost(Duration.ofSeconds(30));
    }
}
