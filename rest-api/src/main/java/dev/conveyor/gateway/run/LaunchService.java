package dev.conveyor.gateway.run;

import dev.conveyor.gateway.auth.Caller;
import dev.conveyor.gateway.outbox.OutboxRelay;
import dev.conveyor.gateway.outbox.OutboxTracing;
import dev.conveyor.gateway.problem.ApiException;
import dev.conveyor.gateway.problem.Constraints;
import dev.conveyor.gateway.problem.ProblemKind;
import dev.conveyor.gateway.problem.Violation;
import dev.conveyor.gateway.support.LogIds;
import dev.conveyor.gateway.support.Times;
import dev.conveyor.gateway.support.Uuids;
import dev.conveyor.gateway.run.LaunchStore.LaunchableTask;
import dev.conveyor.proto.Run;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Launches tasks, one or a batch: in one statement, a run_launch row (the snapshot of the task) and the outbox
 * record that asks a worker to run it, for every launch or for none. Nothing reaches Kafka unless all are
 * committed; once committed, the relay delivers the records even across crashes and Kafka outages.
 *
 * <p>The run belongs to the task's owner (also when an admin launches it). An Idempotency-Key belongs to the
 * caller: within the retention, the same key returns the run it first created and creates nothing; the same key
 * for another task is refused. The unique constraint on (launched_by, idempotency_key) decides races: the
 * transaction that loses one rolls back whole and runs again, and then finds the winner's run to replay.
 * The SQL is {@link LaunchStore}'s and the outbox's, on one connection of the reactive pool.
 */
@ApplicationScoped
public class LaunchService {

    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    public static final int MAX_BATCH = 1000;
    private static final Logger LOG = Logger.getLogger(LaunchService.class);
    private static final int MAX_KEY_LENGTH = 200;
    /** Each lost race means another request committed the key, so a few rounds always settle. */
    private static final int KEY_RACE_RETRIES = 3;

    private final Pool pool;
    private final LaunchStore launches;
    private final OutboxTracing outbox;
    private final RunEvents events;
    private final OutboxRelay relay;
    private final MeterRegistry registry;
    private final Duration retention;

    public LaunchService(Pool pool, LaunchStore launches, OutboxTracing outbox, RunEvents events,
                         OutboxRelay relay, MeterRegistry registry,
                         @ConfigProperty(name = "conveyor.launch.idempotency-retention") Duration retention) {
        this.pool = pool;
        this.launches = launches;
        this.outbox = outbox;
        this.events = events;
        this.relay = relay;
        this.registry = registry;
        this.retention = retention;
    }

    public Uni<Launched> launch(Caller caller, UUID taskId, String idempotencyKey) {
        Context request = Context.current();
        return Uni.createFrom().item(() -> List.of(new Request(null, taskId, key(IDEMPOTENCY_HEADER, idempotencyKey))))
                .chain(requests -> accept(caller, requests, request))
                .map(List::getFirst);
    }

    /** Every launch is checked before anything is written; the answers are in request order. */
    public Uni<List<Launched>> launchBatch(Caller caller, List<LaunchItem> items) {
        Context request = Context.current();
        return Uni.createFrom().item(() -> requests(items))
                .chain(requests -> accept(caller, requests, request));
    }

    /** {@code request} is the trace context of the request, the parent of its outbox write. */
    private Uni<List<Launched>> accept(Caller caller, List<Request> requests, Context request) {
        boolean keyed = requests.stream().map(Request::key).anyMatch(Objects::nonNull);
        return Uni.createFrom().deferred(() -> {
                    Instant now = Times.now();
                    Function<SqlConnection, Uni<Plan>> launch = connection -> plan(connection, caller, requests, now)
                            .call(plan -> write(connection, plan, caller.id(), now.minus(retention), request));
                    // Keys are looked up, released and taken in one transaction. Without keys, a launch is a read
                    // and one INSERT statement, atomic by itself: no BEGIN and COMMIT round trips.
                    return keyed ? pool.withTransaction(launch) : pool.withConnection(launch);
                })
                .onFailure(f -> Constraints.violated(f, LaunchStore.IDEMPOTENCY_UNIQUE))
                .retry().atMost(KEY_RACE_RETRIES)
                .map(Plan::results)
                .invoke(this::announce);
    }

    private Uni<Plan> plan(SqlConnection connection, Caller caller, List<Request> requests, Instant now) {
        Set<UUID> taskIds = requests.stream().map(Request::taskId).collect(Collectors.toSet());
        Set<String> keys = requests.stream().map(Request::key).filter(Objects::nonNull).collect(Collectors.toSet());
        return launches.tasks(connection, taskIds)
                .map(found -> accessible(caller, requests, found))
                .chain(accessible -> (keys.isEmpty()
                        ? Uni.createFrom().item(List.<RunLaunch>of())
                        : launches.findByLiveKeys(connection, caller.id(), keys, now.minus(retention)))
                        .map(live -> plan(caller, requests, accessible, live, now)));
    }

    /** Each request replays the live launch of its key, or becomes a new launch (shared by repeats of a new key). */
    private Plan plan(Caller caller, List<Request> requests, Map<UUID, LaunchableTask> accessible,
                      List<RunLaunch> live, Instant now) {
        Map<String, RunLaunch> byKey = live.stream()
                .collect(Collectors.toMap(RunLaunch::idempotencyKey, Function.identity(), (a, b) -> a, HashMap::new));
        List<Launched> results = new ArrayList<>(requests.size());
        List<RunLaunch> created = new ArrayList<>();
        for (Request request : requests) {
            LaunchableTask task = accessible.get(request.taskId());
            RunLaunch known = request.key() == null ? null : byKey.get(request.key());
            if (known == null) {
                RunLaunch launch = snapshot(task, caller.id(), request.key(), now);
                if (request.key() != null) {
                    byKey.put(request.key(), launch);
                }
                created.add(launch);
                results.add(new Launched(events.queued(launch), true));
            } else if (known.taskId().equals(task.id())) {
                results.add(new Launched(events.queued(known), false));
            } else {
                throw new ApiException(ProblemKind.IDEMPOTENCY_KEY_REUSED, request.prefix() + "The Idempotency-Key '"
                        + request.key() + "' was already used to launch task " + known.taskId() + " (run " + known.id()
                        + "); use a new key for another task");
            }
        }
        return new Plan(results, created);
    }

    private Uni<Void> write(SqlConnection connection, Plan plan, UUID launchedBy, Instant cutoff, Context request) {
        if (plan.created().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> keys = plan.created().stream().map(RunLaunch::idempotencyKey).filter(Objects::nonNull).toList();
        // Keyed rows go in key order: two batches racing for the same keys then wait for each other on the unique
        // index instead of deadlocking.
        List<RunLaunch> ordered = plan.created().stream()
                .sorted(Comparator.comparing(RunLaunch::idempotencyKey, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        // A key committed meanwhile fails the insert, and so this transaction, which accept() then runs again.
        return (keys.isEmpty() ? Uni.createFrom().voidItem()
                : launches.releaseExpiredKeys(connection, launchedBy, keys, cutoff))
                .chain(() -> outbox.write(request, () -> ordered.stream().map(events::requested).toList(),
                        records -> launches.insert(connection, ordered, records)));
    }

    private void announce(List<Launched> results) {
        List<Launched> created = results.stream().filter(Launched::created).toList();
        if (!created.isEmpty()) {
            relay.wake();
        }
        created.forEach(launched -> registry.counter("conveyor.runs.launched", "action", launched.run().getAction())
                .increment());
        results.forEach(LaunchService::log);
    }

    /** One line per run of the request, labelled with its ids; never the task's input. */
    private static void log(Launched launched) {
        Run run = launched.run();
        LogIds.logAbout(run.getId(), run.getTaskId(), () -> {
            if (launched.created()) {
                LOG.infof("Run %s launched: task %s, action %s", run.getId(), run.getTaskId(), run.getAction());
            } else {
                LOG.infof("Run %s answered again for its Idempotency-Key", run.getId());
            }
        });
    }

    /** The tasks of every request, all of them the caller's (or the caller is an admin): 404 naming every other. */
    private static Map<UUID, LaunchableTask> accessible(Caller caller, List<Request> requests,
                                                        List<LaunchableTask> found) {
        Map<UUID, LaunchableTask> byId = found.stream()
                .filter(task -> caller.canAccess(task.ownerId()))
                .collect(Collectors.toMap(LaunchableTask::id, Function.identity()));
        String missing = requests.stream()
                .filter(request -> !byId.containsKey(request.taskId()))
                .map(request -> request.prefix() + "Task " + request.taskId() + " does not exist")
                .collect(Collectors.joining("; "));
        if (!missing.isEmpty()) {
            throw new ApiException(ProblemKind.NOT_FOUND, missing);
        }
        return byId;
    }

    private static RunLaunch snapshot(LaunchableTask task, UUID launchedBy, String key, Instant now) {
        return new RunLaunch(Uuids.v7(), task.id(), task.ownerId(), launchedBy, task.action(), task.inputJson(),
                task.priority(), task.maxAttempts(), task.timeoutMs(), key, now);
    }

    private static List<Request> requests(List<LaunchItem> items) {
        if (items == null || items.isEmpty()) {
            throw ApiException.invalid("launches", "must hold 1 to " + MAX_BATCH + " launches");
        }
        if (items.size() > MAX_BATCH) {
            throw new ApiException(ProblemKind.PAYLOAD_TOO_LARGE,
                    "A batch holds at most " + MAX_BATCH + " launches; this one has " + items.size());
        }
        List<Violation> violations = new ArrayList<>();
        List<Request> requests = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String label = "launches[" + i + "]";
            LaunchItem item = items.get(i);
            if (item == null || item.taskId() == null) {
                violations.add(new Violation(label + (item == null ? "" : ".taskId"), "must not be null"));
            } else if (!validKey(item.idempotencyKey())) {
                violations.add(new Violation(label + ".idempotencyKey", keyRule()));
            } else {
                requests.add(new Request(label, item.taskId(), item.idempotencyKey()));
            }
        }
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
        return requests;
    }

    private static String key(String field, String key) {
        if (!validKey(key)) {
            throw ApiException.invalid(field, keyRule());
        }
        return key;
    }

    private static boolean validKey(String key) {
        return key == null || (!key.isBlank() && key.length() <= MAX_KEY_LENGTH);
    }

    private static String keyRule() {
        return "must be 1 to " + MAX_KEY_LENGTH + " characters, not all blank";
    }

    /** A validated launch; the label names it in a batch's errors ("launches[3]"), null for a single launch. */
    private record Request(String label, UUID taskId, String key) {
        String prefix() {
            return label == null ? "" : label + ": ";
        }
    }

    /** What a transaction writes (the new launches) and answers (every request's run, in order). */
    private record Plan(List<Launched> results, List<RunLaunch> created) {
    }
}
