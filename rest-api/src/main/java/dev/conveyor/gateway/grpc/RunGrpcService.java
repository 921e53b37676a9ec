package dev.conveyor.gateway.grpc;

import dev.conveyor.gateway.auth.Callers;
import dev.conveyor.gateway.run.LaunchService;
import dev.conveyor.gateway.run.Launched;
import dev.conveyor.gateway.run.RunFilter;
import dev.conveyor.gateway.run.RunQueryService;
import dev.conveyor.gateway.support.PageRequest;
import dev.conveyor.proto.LaunchRequest;
import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunId;
import dev.conveyor.proto.RunPage;
import dev.conveyor.proto.RunService;
import dev.conveyor.proto.RunStatus;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/** The gRPC face of launches and run history; ListRuns' owner_id is ignored: it comes from the token. */
@GrpcService
@Authenticated
public class RunGrpcService implements RunService {

    private final LaunchService launcher;
    private final RunQueryService runs;
    private final Callers callers;

    public RunGrpcService(LaunchService launcher, RunQueryService runs, Callers callers) {
        this.launcher = launcher;
        this.runs = runs;
        this.callers = callers;
    }

    @Override
    public Uni<Run> launch(LaunchRequest request) {
        return Uni.createFrom().item(() -> Protos.id("task_id", request.getTaskId()))
                .chain(taskId -> callers.current().chain(caller -> launcher.launch(caller, taskId, Protos.emptyToNull(request.getIdempotencyKey()))))
                .map(Launched::run);
    }

    @Override
    public Uni<Run> getRun(RunId request) {
        return Uni.createFrom().item(() -> Protos.id("id", request.getId()))
                .chain(id -> callers.current().chain(caller -> runs.get(caller, id)));
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

    private static RunFilter filter(ListRunsRequest request) {
        RunStatus status = request.getStatus() == RunStatus.RUN_STATUS_UNSPECIFIED ? null : request.getStatus();
        UUID taskId = request.getTaskId().isEmpty() ? null : Protos.id("task_id", request.getTaskId());
        return new RunFilter(status, taskId, Protos.emptyToNull(request.getAction()));
    }
}
