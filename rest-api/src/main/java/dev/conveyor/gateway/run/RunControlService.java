package dev.conveyor.gateway.run;

import dev.conveyor.gateway.auth.Caller;
import dev.conveyor.gateway.outbox.OutboxRelay;
import dev.conveyor.gateway.outbox.OutboxTracing;
import dev.conveyor.gateway.problem.ApiException;
import dev.conveyor.gateway.problem.ProblemKind;
import dev.conveyor.gateway.support.LogIds;
import dev.conveyor.gateway.support.Times;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunStatus;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Cancels and re-drives runs (docs/RUN-SEMANTICS.md). The run's status is read as {@link RunQueryService#get}
 * answers it, which also checks the caller may see the run; the request then goes out through the outbox, so it
 * is published exactly when it is committed. Both answer the run as known now: the updater applies the request
 * when it reads it.
 */
@ApplicationScoped
public class RunControlService {

    private static final Logger LOG = Logger.getLogger(RunControlService.class);

    private final RunQueryService runs;
    private final Pool pool;
    private final LaunchStore launches;
    private final OutboxTracing outbox;
    private final RunEvents events;
    private final OutboxRelay relay;

    public RunControlService(RunQueryService runs, Pool pool, LaunchStore launches, OutboxTracing outbox,
                             RunEvents events, OutboxRelay relay) {
        this.runs = runs;
        this.pool = pool;
        this.launches = launches;
        this.outbox = outbox;
        this.events = events;
        this.relay = relay;
    }

    /** A RunCancelRequested on run-control for a QUEUED, RETRYING or RUNNING run. */
    public Uni<Run> cancel(Caller caller, UUID id) {
        Context request = Context.current();
        return about(caller, id)
                .invoke(run -> require(run, RunStatuses.CANCELLABLE, "cancelled"))
                .call(run -> pool.withTransaction(connection -> outbox.write(connection, request,
                        () -> List.of(events.cancelRequested(run, caller.id(), Times.now())))))
                .invoke(relay::wake)
                .invoke(run -> LOG.infof("Run %s: cancellation requested while %s", run.getId(), run.getStatus()));
    }

    /**
     * The next attempt of a FAILED or DEAD run on pending-tasks, with a fresh budget: the task's max attempts now,
     * or the launch's if the task was deleted since.
     */
    public Uni<Run> retry(Caller caller, UUID id) {
        Context request = Context.current();
        return about(caller, id)
                .invoke(run -> require(run, RunStatuses.REDRIVABLE, "re-driven"))
                .call(run -> pool.withTransaction(connection -> redrive(connection, run, id, request)))
                .invoke(relay::wake)
                .invoke(run -> LOG.infof("Run %s: re-drive requested after %s, as attempt %d", run.getId(),
                        run.getStatus(), run.getAttempts() + 1));
    }

    /** The run as known now; the rest of the request logs with its ids. */
    private Uni<Run> about(Caller caller, UUID id) {
        return Uni.createFrom().deferred(() -> {
                    LogIds.run(id.toString(), null);
                    return runs.get(caller, id);
                })
                .invoke(run -> LogIds.run(run.getId(), run.getTaskId()));
    }

    private Uni<Void> redrive(SqlConnection connection, Run run, UUID id, Context request) {
        int attempt = run.getAttempts() + 1;
        Instant now = Times.now();
        return launches.find(connection, id)
                .onItem().ifNull().failWith(() -> new ApiException(ProblemKind.RUN_STATE,
                        "Run " + id + " cannot be re-driven: the gateway has no launch record of it"))
                .chain(launch -> launches.tasks(connection, List.of(launch.taskId()))
                        .map(tasks -> tasks.isEmpty() ? launch.maxAttempts() : tasks.getFirst().maxAttempts())
                        .call(() -> launches.markRedrive(connection, id, attempt, now)
                                .invoke(marked -> {
                                    if (marked == 0) {
                                        throw new ApiException(ProblemKind.RUN_STATE, "Run " + id
                                                + " is already being re-driven (attempt " + attempt + " or later)");
                                    }
                                }))
                        .chain(budget -> outbox.write(connection, request,
                                () -> List.of(events.requested(launch, attempt, run.getAttempts() + budget, now)))))
                .replaceWithVoid();
    }

    private static void require(Run run, Set<RunStatus> allowed, String verb) {
        if (!allowed.contains(run.getStatus())) {
            throw new ApiException(ProblemKind.RUN_STATE, "Run " + run.getId() + " is " + run.getStatus()
                    + "; only " + names(allowed) + " runs can be " + verb);
        }
    }

    /** "DEAD or FAILED", "QUEUED, RETRYING or RUNNING". */
    private static String names(Set<RunStatus> statuses) {
        List<String> names = statuses.stream().map(Enum::name).sorted().toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }
}
