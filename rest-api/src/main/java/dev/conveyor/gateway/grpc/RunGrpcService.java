package dev.conveyor.gateway.grpc;

import com.google.protobuf.Empty;
import dev.conveyor.gateway.auth.Caller;
import dev.conveyor.gateway.auth.Callers;
import dev.conveyor.gateway.run.LaunchItem;
import dev.conveyor.gateway.run.LaunchService;
import dev.conveyor.gateway.run.Launched;
import dev.conveyor.gateway.run.RunControlService;
import dev.conveyor.gateway.run.RunFilter;
import dev.conveyor.gateway.run.RunQueryService;
import dev.conveyor.gateway.support.PageRequest;
import dev.conveyor.proto.LaunchBatchReply;
import dev.conveyor.proto.LaunchBatchRequest;
import dev.conveyor.proto.LaunchRequest;
import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.MutinyRunServiceGrpc;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunId;
import dev.conveyor.proto.RunPage;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Stats;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/** The gRPC face of launches, run history and control, and statistics; the caller always comes from the token. */
@GrpcService
@Authenticated
public class RunGrpcService extends MutinyRunServiceGrpc.RunServiceImplBase {

    private final LaunchService launcher;
    private final RunQueryService runs;
    private final RunControlService control;
    private final Callers callers;

    public RunGrpcService(LaunchService launcher, RunQueryService runs, RunControlService control, Callers callers) {
        this.launcher = launcher;
        this.runs = runs;
        this.control = control;
        this.callers = callers;
    }

    /** Called once at startup, outside any call: the class-level security applies to the RPCs only. */
    @Override
    @PermitAll
    public ServerServiceDefinition bindService() {
        return MalformedMessages.refusedAsInvalidArgument(super.bindService());
    }

    @Override
    public Uni<Run> launch(LaunchRequest request) {
        return Uni.createFrom().item(() -> Protos.id("task_id", request.getTaskId()))
                .chain(taskId -> callers.current().chain(caller -> launcher.launch(caller, taskId, Protos.emptyToNull(request.getIdempotencyKey()))))
                .map(Launched::run);
    }

    @Override
    public Uni<LaunchBatchReply> launchBatch(LaunchBatchRequest request) {
        return Uni.createFrom().item(() -> items(request))
                .chain(items -> callers.current().chain(caller -> launcher.launchBatch(caller, items)))
                .map(launched -> LaunchBatchReply.newBuilder()
                        .addAllRuns(launched.stream().map(Launched::run).toList())
                        .build());
    }

    @Override
    public Uni<Run> cancelRun(RunId request) {
        return onRun(request, control::cancel);
    }

    @Override
    public Uni<Run> retryRun(RunId request) {
        return onRun(request, control::retry);
    }

    @Override
    public Multi<Run> watchRun(RunId request) {
        return Uni.createFrom().item(() -> Protos.id("id", request.getId()))
                .onItem().transformToMulti(id -> callers.current().onItem().transformToMulti(caller -> runs.watch(caller, id)));
    }

    @Override
    public Uni<Stats> getStats(Empty request) {
        return callers.current().chain(runs::stats);
    }

    @Override
    public Uni<Run> getRun(RunId request) {
        return onRun(request, runs::get);
    }

    @Override
    public Uni<RunPage> listRuns(ListRunsRequest request) {
        return Uni.createFrom().item(() -> filter(request))
                .chain(filter -> callers.current().chain(caller -> runs.list(caller, filter, PageRequest.of(request.getPage(), request.getSize()))))
                .map(page -> RunPage.newBuilder()
                        .addAllRuns(page.items())
                        .setTotal(page.total())
                        .setPage(page.page())
                        .setSize(page.size())
                        .build());
    }

    /** The operation on the run the request names, for the calling user. */
    private <T> Uni<T> onRun(RunId request, BiFunction<Caller, UUID, Uni<T>> operation) {
        return Uni.createFrom().item(() -> Protos.id("id", request.getId()))
                .chain(id -> callers.current().chain(caller -> operation.apply(caller, id)));
    }

    /** Proto3 has no null: an unset task_id is "", reported like a missing taskId of the REST batch. */
    private static List<LaunchItem> items(LaunchBatchRequest request) {
        List<LaunchItem> items = new ArrayList<>(request.getLaunchesCount());
        for (int i = 0; i < request.getLaunchesCount(); i++) {
            LaunchRequest launch = request.getLaunches(i);
            UUID taskId = launch.getTaskId().isEmpty() ? null : Protos.id("launches[" + i + "].task_id", launch.getTaskId());
            items.add(new LaunchItem(taskId, Protos.emptyToNull(launch.getIdempotencyKey())));
        }
        return items;
    }

    private static RunFilter filter(ListRunsRequest request) {
        RunStatus status = request.getStatus() == RunStatus.RUN_STATUS_UNSPECIFIED ? null : request.getStatus();
        UUID taskId = request.getTaskId().isEmpty() ? null : Protos.id("task_id", request.getTaskId());
        return new RunFilter(status, taskId, Protos.emptyToNull(request.getAction()));
    }
}
