package dev.conveyor.gateway.run;

import dev.conveyor.gateway.auth.Caller;
import dev.conveyor.gateway.problem.ApiException;
import dev.conveyor.gateway.problem.ProblemKind;
import dev.conveyor.gateway.support.PageRequest;
import dev.conveyor.gateway.support.Paged;
import dev.conveyor.gateway.support.VertxContexts;
import dev.conveyor.proto.GetRunRequest;
import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.Run;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Run history reads, answered by the updater. Non-admins only see their own runs: the owner filter is passed to
 * the updater, which answers NOT_FOUND for anybody else's run.
 */
@ApplicationScoped
public class RunQueryService {

    private static final Logger LOG = Logger.getLogger(RunQueryService.class);

    private final HistoryClient history;
    private final RunLaunchRepository launches;
    private final RunEvents events;

    public RunQueryService(HistoryClient history, RunLaunchRepository launches, RunEvents events) {
        this.history = history;
        this.launches = launches;
        this.events = events;
    }

    /**
     * Right after a launch the updater may not have seen the run yet: the run_launch row then answers, as QUEUED,
     * so a client can read its own write.
     */
    public Uni<Run> get(Caller caller, UUID id) {
        Executor context = VertxContexts.current();
        GetRunRequest request = GetRunRequest.newBuilder()
                .setRunId(id.toString())
                .setOwnerId(caller.admin() ? "" : caller.id().toString())
                .build();
        return history.getRun(request)
                .emitOn(context)
                .onFailure().transform(RunQueryService::unavailable)
                .chain(run -> run != null ? Uni.createFrom().item(run) : fromLaunch(caller, id));
    }

    public Uni<Paged<Run>> list(Caller caller, RunFilter filter, PageRequest page) {
        ListRunsRequest.Builder request = ListRunsRequest.newBuilder()
                .setOwnerId(caller.admin() ? "" : caller.id().toString())
                .setPage(page.page())
                .setSize(page.size());
        if (filter.status() != null) {
            request.setStatus(filter.status());
        }
        if (filter.taskId() != null) {
            request.setTaskId(filter.taskId().toString());
        }
        if (filter.action() != null) {
            request.setAction(filter.action());
        }
        return history.listRuns(request.build())
                .onFailure().transform(RunQueryService::unavailable)
                .map(runs -> new Paged<>(runs.getRunsList(), runs.getTotal(), page.page(), page.size()));
    }

    private Uni<Run> fromLaunch(Caller caller, UUID id) {
        return Panache.withSession(() -> launches.findById(id))
                .map(launch -> launch != null && caller.canAccess(launch.ownerId) ? events.queued(launch) : null)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Run", id));
    }

    private static Throwable unavailable(Throwable failure) {
        LOG.warnf("Run history query failed: %s", failure.toString());
        return new ApiException(ProblemKind.UNAVAILABLE, "Run history is temporarily unavailable; try again shortly");
    }
}
