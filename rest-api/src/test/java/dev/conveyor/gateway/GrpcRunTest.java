package dev.conveyor.gateway;

import static dev.conveyor.gateway.Grpc.withToken;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Empty;
import dev.conveyor.contract.Topics;
import dev.conveyor.proto.CreateTaskRequest;
import dev.conveyor.proto.LaunchBatchReply;
import dev.conveyor.proto.LaunchBatchRequest;
import dev.conveyor.proto.LaunchRequest;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunCancelRequested;
import dev.conveyor.proto.RunId;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunServiceGrpc;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Stats;
import dev.conveyor.proto.TaskDefinition;
import dev.conveyor.proto.TaskServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Iterator;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Batch launches, cancel, re-drive, watch and statistics over gRPC: the same rules as REST. */
@QuarkusTest
class GrpcRunTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Pool database;

    private final ManagedChannel channel = Grpc.channel();

    @Test
    void launchBatchIsAllOrNothingAndReplaysKeys() {
        Api.Account owner = Api.newUser();
        String a = Api.createTask(owner.token(), "a");
        String b = Api.createTask(owner.token(), "b");
        String theirs = Api.createTask(Api.newUser().token(), "theirs");
        var runs = withToken(RunServiceGrpc.newBlockingStub(channel), owner.token());

        LaunchBatchReply reply = runs.launchBatch(LaunchBatchRequest.newBuilder()
                .addLaunches(LaunchRequest.newBuilder().setTaskId(a).setIdempotencyKey("g1"))
                .addLaunches(LaunchRequest.newBuilder().setTaskId(b))
                .build());
        assertEquals(2, reply.getRunsCount());
        assertEquals(a, reply.getRuns(0).getTaskId());
        assertEquals(b, reply.getRuns(1).getTaskId());

        StatusRuntimeException foreign = assertThrows(StatusRuntimeException.class, () -> runs.launchBatch(
                LaunchBatchRequest.newBuilder()
                        .addLaunches(LaunchRequest.newBuilder().setTaskId(a))
                        .addLaunches(LaunchRequest.newBuilder().setTaskId(theirs))
                        .build()));
        assertEquals(Status.Code.NOT_FOUND, foreign.getStatus().getCode());
        assertEquals("launches[1]: Task " + theirs + " does not exist", foreign.getStatus().getDescription());
        assertEquals(2L, Database.count(database, "SELECT count(*) FROM run_launch WHERE owner_id = $1", UUID.fromString(owner.id())));

        StatusRuntimeException reused = assertThrows(StatusRuntimeException.class, () -> runs.launch(
                LaunchRequest.newBuilder().setTaskId(b).setIdempotencyKey("g1").build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, reused.getStatus().getCode());
        assertEquals(reply.getRuns(0).getId(),
                runs.launch(LaunchRequest.newBuilder().setTaskId(a).setIdempotencyKey("g1").build()).getId());

        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class,
                () -> runs.launchBatch(LaunchBatchRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
        StatusRuntimeException badId = assertThrows(StatusRuntimeException.class, () -> runs.launchBatch(
                LaunchBatchRequest.newBuilder().addLaunches(LaunchRequest.newBuilder().setTaskId("nope")).build()));
        assertEquals("launches[0].task_id: must be a UUID", badId.getStatus().getDescription());
    }

    @Test
    void cancelAndRetryFollowTheStatusRules() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "controlled");
        var runs = withToken(RunServiceGrpc.newBlockingStub(channel), owner.token());
        Run launched = runs.launch(LaunchRequest.newBuilder().setTaskId(task).build());
        RunId id = RunId.newBuilder().setId(launched.getId()).build();

        Run running = Runs.run(launched.getId(), task, owner.id(), RunStatus.RUNNING, 1);
        FakeHistoryService.RUNS.put(running.getId(), running);
        assertEquals(RunStatus.RUNNING, runs.cancelRun(id).getStatus());
        assertEquals(owner.id(), Records.parse(Records.find(bootstrapServers, Topics.RUN_CONTROL, launched.getId()).value(),
                RunCancelRequested::parseFrom).getRequestedBy());
        StatusRuntimeException notEnded = assertThrows(StatusRuntimeException.class, () -> runs.retryRun(id));
        assertEquals(Status.Code.FAILED_PRECONDITION, notEnded.getStatus().getCode());

        FakeHistoryService.RUNS.put(running.getId(), Runs.moved(running, RunStatus.CANCELLED));
        StatusRuntimeException ended = assertThrows(StatusRuntimeException.class, () -> runs.cancelRun(id));
        assertEquals(Status.Code.FAILED_PRECONDITION, ended.getStatus().getCode());
        assertEquals("Run " + launched.getId() + " is CANCELLED; only QUEUED, RETRYING or RUNNING runs can be cancelled",
                ended.getStatus().getDescription());

        StatusRuntimeException cancelled = assertThrows(StatusRuntimeException.class, () -> runs.retryRun(id));
        assertEquals("Run " + launched.getId() + " is CANCELLED; only DEAD or FAILED runs can be re-driven",
                cancelled.getStatus().getDescription());

        FakeHistoryService.RUNS.put(running.getId(), Runs.moved(running, RunStatus.FAILED));
        assertEquals(RunStatus.FAILED, runs.retryRun(id).getStatus());
        RunRequested redrive = Records.parse(Records.find(bootstrapServers, Topics.PENDING_TASKS, launched.getId(),
                record -> Records.parse(record.value(), RunRequested::parseFrom).getAttempt() == 2).value(), RunRequested::parseFrom);
        assertEquals(4, redrive.getMaxAttempts());

        StatusRuntimeException foreign = assertThrows(StatusRuntimeException.class,
                () -> withToken(RunServiceGrpc.newBlockingStub(channel), Api.newUser().token()).cancelRun(id));
        assertEquals(Status.Code.NOT_FOUND, foreign.getStatus().getCode());
    }

    @Test
    void watchRunStreamsEveryChangeUntilTheRunEnds() {
        Api.Account owner = Api.newUser();
        Run queued = Runs.run(UUID.randomUUID().toString(), UUID.randomUUID().toString(), owner.id(), RunStatus.QUEUED, 0);
        FakeHistoryService.RUNS.put(queued.getId(), queued);

        Iterator<Run> changes = withToken(RunServiceGrpc.newBlockingStub(channel), owner.token())
                .withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS)
                .watchRun(RunId.newBuilder().setId(queued.getId()).build());
        assertEquals(RunStatus.QUEUED, changes.next().getStatus());
        await().atMost(Duration.ofSeconds(10)).until(() -> FakeHistoryService.watchers(queued.getId()) == 1);
        FakeHistoryService.update(Runs.moved(queued, RunStatus.RUNNING));
        FakeHistoryService.update(Runs.moved(queued, RunStatus.CANCELLED));
        assertEquals(RunStatus.RUNNING, changes.next().getStatus());
        assertEquals(RunStatus.CANCELLED, changes.next().getStatus());
        assertFalse(changes.hasNext());

        StatusRuntimeException foreign = assertThrows(StatusRuntimeException.class,
                () -> withToken(RunServiceGrpc.newBlockingStub(channel), Api.newUser().token())
                        .watchRun(RunId.newBuilder().setId(queued.getId()).build()).hasNext());
        assertEquals(Status.Code.NOT_FOUND, foreign.getStatus().getCode());
    }

    @Test
    void getStatsIsTheCallersStatistics() {
        Api.Account owner = Api.newUser();
        FakeHistoryService.STATS.put(owner.id(), Stats.newBuilder().setTotal(7).build());
        assertEquals(7, withToken(RunServiceGrpc.newBlockingStub(channel), owner.token())
                .getStats(Empty.getDefaultInstance()).getTotal());
        assertEquals(owner.id(), FakeHistoryService.STATS_REQUESTS.getLast().getOwnerId());
    }

    @Test
    void messagesOverTheSizeLimitAreRefused() {
        Api.Account owner = Api.newUser();
        StatusRuntimeException tooLarge = assertThrows(StatusRuntimeException.class,
                () -> withToken(TaskServiceGrpc.newBlockingStub(channel), owner.token())
                        .createTask(CreateTaskRequest.newBuilder().setDefinition(TaskDefinition.newBuilder()
                                .setTitle("huge").setAction("word-stats")
                                .setInputJson("{\"text\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}")).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, tooLarge.getStatus().getCode(), tooLarge.getStatus().toString());
    }
}
