package dev.conveyor.gateway;

import dev.conveyor.proto.GetRunRequest;
import dev.conveyor.proto.HistoryService;
import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunPage;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Stats;
import dev.conveyor.proto.StatsRequest;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the updater's HistoryService: served by the app under test on its own port, which the history
 * client points at in the test profile. Runs are whatever the tests put here; {@link #update} also pushes the
 * change to every watcher of the run, as the updater does, and ends their streams once the run has ended.
 */
@GrpcService
public class FakeHistoryService implements HistoryService {

    static final Map<String, Run> RUNS = new ConcurrentHashMap<>();
    static final Map<String, Stats> STATS = new ConcurrentHashMap<>();
    static final List<StatsRequest> STATS_REQUESTS = new CopyOnWriteArrayList<>();
    private static final Map<String, List<MultiEmitter<? super Run>>> WATCHERS = new ConcurrentHashMap<>();
    private static final Set<RunStatus> TERMINAL = Set.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.DEAD,
            RunStatus.CANCELLED);
    static volatile boolean unavailable;

    static void update(Run run) {
        RUNS.put(run.getId(), run);
        List<MultiEmitter<? super Run>> watchers = WATCHERS.getOrDefault(run.getId(), List.of());
        for (MultiEmitter<? super Run> watcher : watchers) {
            watcher.emit(run);
            if (TERMINAL.contains(run.getStatus())) {
                watcher.complete();
            }
        }
    }

    static int watchers(String runId) {
        return WATCHERS.getOrDefault(runId, List.of()).size();
    }

    @Override
    public Uni<Run> getRun(GetRunRequest request) {
        if (unavailable) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.asRuntimeException());
        }
        Run run = visible(request);
        return run == null
                ? Uni.createFrom().failure(Status.NOT_FOUND.asRuntimeException())
                : Uni.createFrom().item(run);
    }

    @Override
    public Multi<Run> watchRun(GetRunRequest request) {
        return Multi.createFrom().emitter(emitter -> {
            Run run = visible(request);
            if (run == null) {
                emitter.fail(Status.NOT_FOUND.asRuntimeException());
                return;
            }
            // Registered before the current run goes out, so no update between the two is lost.
            List<MultiEmitter<? super Run>> watchers =
                    WATCHERS.computeIfAbsent(request.getRunId(), id -> new CopyOnWriteArrayList<>());
            watchers.add(emitter);
            emitter.onTermination(() -> watchers.remove(emitter));
            emitter.emit(run);
            if (TERMINAL.contains(run.getStatus())) {
                emitter.complete();
            }
        });
    }

    @Override
    public Uni<Stats> getStats(StatsRequest request) {
        STATS_REQUESTS.add(request);
        return Uni.createFrom().item(STATS.getOrDefault(request.getOwnerId(), Stats.getDefaultInstance()));
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

    private static Run visible(GetRunRequest request) {
        Run run = RUNS.get(request.getRunId());
        boolean owned = run != null && (request.getOwnerId().isEmpty() || request.getOwnerId().equals(run.getOwnerId()));
        return owned ? run : null;
    }
}
