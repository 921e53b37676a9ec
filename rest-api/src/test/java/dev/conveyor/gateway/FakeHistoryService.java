package dev.conveyor.gateway;

import dev.conveyor.proto.GetRunRequest;
import dev.conveyor.proto.HistoryService;
import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunPage;
import dev.conveyor.proto.RunStatus;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the updater's HistoryService: served by the app under test on its own port, which the history
 * client points at in the test profile. Runs are whatever the tests put here.
 */
@GrpcService
public class FakeHistoryService implements HistoryService {

    static final Map<String, Run> RUNS = new ConcurrentHashMap<>();
    static volatile boolean unavailable;

    @Override
    public Uni<Run> getRun(GetRunRequest request) {
        if (unavailable) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.asRuntimeException());
        }
        Run run = RUNS.get(request.getRunId());
        if (run == null || (!request.getOwnerId().isEmpty() && !request.getOwnerId().equals(run.getOwnerId()))) {
            return Uni.createFrom().failure(Status.NOT_FOUND.asRuntimeException());
        }
        return Uni.createFrom().item(run);
    }

    @Override
    public Uni<RunPage> listRuns(ListRunsRequest request) {
        if (unavailable) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.asRuntimeException());
        }
        List<Run> matching = RUNS.values().stream()
                .filter(run -> request.getOwnerId().isEmpty() || request.getOwnerId().equals(run.getOwnerId()))
                .filter(run -> request.getStatus() == RunStatus.RUN_STATUS_UNSPECIFIED || request.getStatus() == run.getStatus())
                .filter(run -> request.getTaskId().isEmpty() || request.getTaskId().equals(run.getTaskId()))
                .filter(run -> request.getAction().isEmpty() || request.getAction().equals(run.getAction()))
                .sorted((a, b) -> a.getId().compareTo(b.getId()))
                .toList();
        List<Run> page = matching.stream()
                .skip((long) request.getPage() * request.getSize())
                .limit(request.getSize())
                .toList();
        return Uni.createFrom().item(RunPage.newBuilder().addAllRuns(page).setTotal(matching.size())
                .setPage(request.getPage()).setSize(request.getSize()).build());
    }
}
