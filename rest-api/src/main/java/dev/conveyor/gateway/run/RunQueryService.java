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
import dev.conveyor.proto.Stats;
import dev.conveyor.proto.StatsRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Run history reads, live updates and statistics, answered by the updater. Non-admins only see their own runs:
 * the owner filter is passed to the updater, which answers NOT_FOUND for anybody else's run.
 */
@ApplicationScoped
public class RunQueryService {

    private static final Logger LOG = Logger.getLogger(RunQueryService.class);
    private static final HistoryClient.Unavailable UNAVAILABLE = new HistoryClient.Unavailable();
    private static final Duration WATCH_BACKOFF = Duration.ofMillis(100);
    private static final Duration WATCH_MAX_BACKOFF = Duration.ofSeconds(2);
    /** About a minute of backoff for an updater that is away or has not seen the run yet. */
    private static final int WATCH_RETRIES = 40;

    private final HistoryClient history;
    private final Pool pool;
    private final LaunchStore launches;
    private final RunEvents events;

    public RunQueryService(HistoryClient history, Pool pool, LaunchStore launches, RunEvents events) {
        this.history = history;
        this.pool = pool;
        this.launches = launches;
        this.events = events;
    }

    /**
     * Right after a launch the updater may not have seen the run yet: the run_launch row then answers, as QUEUED,
     * so a client can read its own write.
     */
    public Uni<Run> get(Caller caller, UUID id) {
        Executor context = VertxContexts.current();
        return history.getRun(request(caller, id))
                .emitOn(context)
                .onFailure().transform(RunQueryService::unavailable)
                .chain(run -> run != null ? Uni.createFrom().item(run) : fromLaunch(caller, id));
    }

    public Uni<Paged<Run>> list(Caller caller, RunFilter filter, PageRequest page) {
        ListRunsRequest.Builder request = ListRunsRequest.newBuilder()
                .setOwnerId(ownerFilter(caller))
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

    /**
     * The run now (as {@link #get} answers it, so also a run just launched), then after every change the updater
     * records, until it ends.
     */
    public Multi<Run> watch(Caller caller, UUID id) {
        return get(caller, id).onItem().transformToMulti(now -> follow(caller, now));
    }

    /** The run as {@link #get} answered it for this caller, then every change until it ends. */
    public Multi<Run> follow(Caller caller, Run now) {
        if (RunStatuses.TERMINAL.contains(now.getStatus())) {
            return Multi.createFrom().item(now);
        }
        GetRunRequest request = request(caller, UUID.fromString(now.getId()));
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(now), changes(request))
                .skip().repetitions();
    }

    /** Counts and result totals of the caller's runs, or of all runs for an admin. */
    public Uni<Stats> stats(Caller caller) {
        return history.getStats(StatsRequest.newBuilder().setOwnerId(ownerFilter(caller)).build())
                .onFailure().transform(RunQueryService::unavailable);
    }

    /**
     * The updater's stream, resumed when it does not know the run yet (just launched: the caller's access was
     * checked already) and when it restarts; each time it sends the current run first, repeats are dropped.
     */
    private Multi<Run> changes(GetRunRequest request) {
        return history.watchRun(request)
                .onFailure(f -> HistoryClient.notFound(f) || UNAVAILABLE.test(f))
                .retry().withBackOff(WATCH_BACKOFF, WATCH_MAX_BACKOFF).atMost(WATCH_RETRIES)
                .onFailure().transform(RunQueryService::unavailable);
    }

    private static GetRunRequest request(Caller caller, UUID id) {
        return GetRunRequest.newBuilder().setRunId(id.toString()).setOwnerId(ownerFilter(caller)).build();
    }

    /** Non-admins only see their own runs: the updater answers NOT_FOUND for anybody else's. */
    private static String ownerFilter(Caller caller) {
        return caller.admin() ? "" : caller.id().toString();
    }

    private Uni<Run> fromLaunch(Caller caller, UUID id) {
        return launches.find(pool, id)
                .map(launch -> launch != null && caller.canAccess(launch.ownerId()) ? events.queued(launch) : null)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Run", id));
    }

    private static Throwable unavailable(Throwable failure) {
        LOG.warnf("Run history query failed: %s", failure.toString());
        return new ApiException(ProblemKind.UNAVAILABLE, "Run history is temporarily unavailable; try again shortly");
    }
}
