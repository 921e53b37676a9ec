package dev.conveyor.updater.history;

import dev.conveyor.proto.GetRunRequest;
import dev.conveyor.proto.HistoryService;
import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunPage;
import dev.conveyor.updater.run.RunIds;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** {@code conveyor.v1.HistoryService}: the run history, for the gateway (which decides who may see what). */
@GrpcService
public class HistoryGrpcService implements HistoryService {

    private final RunQueries queries;

    HistoryGrpcService(RunQueries queries) {
        this.queries = queries;
    }

    @Override
    public Uni<Run> getRun(GetRunRequest request) {
        return Uni.createFrom().item(request)
                .onItem().invoke(HistoryGrpcService::validate)
                .chain(valid -> queries.find(valid.getRunId(), valid.getOwnerId()))
                // Another owner's run is reported exactly like a missing one, so ids of others' runs leak nothing.
                .onItem().ifNull().failWith(() -> GrpcErrors.notFound("run " + request.getRunId() + " not found"))
                .map(RunMapper::toRun);
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

    private static void validate(GetRunRequest request) {
        if (!RunIds.isValid(request.getRunId())) {
            throw GrpcErrors.invalidArgument("run_id must be a UUID, got '" + request.getRunId() + "'");
        }
    }
}
