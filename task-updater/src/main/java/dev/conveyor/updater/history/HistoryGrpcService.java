package dev.conveyor.updater.history;

import dev.conveyor.proto.GetRunRequest;
import dev.conveyor.proto.HistoryService;
import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunPage;
import dev.conveyor.proto.Stats;
import dev.conveyor.proto.StatsRequest;
import dev.conveyor.updater.run.RunIds;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** {@code conveyor.v1.HistoryService}: the run history, for the gateway (which decides who may see what). */
@GrpcService
public class HistoryGrpcService implements HistoryService {

    private final RunQueries queries;
    private final RunWatcher watcher;
    private final RunStatistics statistics;

    HistoryGrpcService(RunQueries queries, RunWatcher watcher, RunStatistics statistics) {
        this.queries = queries;
        this.watcher = watcher;
        this.statistics = statistics;
    }

    @Override
    public Uni<Run> getRun(GetRunRequest request) {
        return Uni.createFrom().item(request)
                .onItem().invoke(HistoryGrpcService::validate)
                .chain(this::find);
    }

    @Override
    public Multi<Run> watchRun(GetRunRequest request) {
        return Uni.createFrom().item(request)
                .onItem().invoke(HistoryGrpcService::validate)
                .onItem().transformToMulti(valid -> watcher.watch(() -> find(valid)));
    }

    @Override
    public Uni<RunPage> listRuns(ListRunsRequest request) {
        return Uni.createFrom().item(() -> RunCriteria.of(request))
                .chain(criteria -> Uni.combine().all().unis(queries.page(criteria), queries.count(criteria))
                        .with((documents, total) -> RunPage.newBuilder()
                                .addAllRuns(documents.stream().map(RunMapper::toRun).toList())
                                .setTotal(total)
                                .setPage(criteria.page())
                                .setSize(criteria.size())
                                .build()));
    }

    @Override
    public Uni<Stats> getStats(StatsRequest request) {
        return statistics.of(request.getOwnerId());
    }

    private Uni<Run> find(GetRunRequest request) {
        return queries.find(request.getRunId(), request.getOwnerId())
                // Another owner's run is reported exactly like a missing one, so ids of others' runs leak nothing.
                .onItem().ifNull().failWith(() -> GrpcErrors.notFound("run " + request.getRunId() + " not found"))
                .map(RunMapper::toRun);
    }

    private static void validate(GetRunRequest request) {
        if (!RunIds.isValid(request.getRunId())) {
            throw GrpcErrors.invalidArgument("run_id must be a UUID, got '" + request.getRunId() + "'");
        }
    }
}
