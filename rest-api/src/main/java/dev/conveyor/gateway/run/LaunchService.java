package dev.conveyor.gateway.run;

import dev.conveyor.gateway.auth.Caller;
import dev.conveyor.gateway.outbox.OutboxRelay;
import dev.conveyor.gateway.outbox.OutboxRepository;
import dev.conveyor.gateway.problem.ApiException;
import dev.conveyor.gateway.problem.Constraints;
import dev.conveyor.gateway.problem.ProblemKind;
import dev.conveyor.gateway.support.Times;
import dev.conveyor.gateway.support.Uuids;
import dev.conveyor.gateway.task.Task;
import dev.conveyor.gateway.task.TaskService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Launches a task: in one transaction, a run_launch row (the snapshot of the task) and the outbox record that
 * asks a worker to run it. Nothing reaches Kafka unless both are committed; once committed, the relay delivers
 * the record even across crashes and Kafka outages.
 *
 * <p>The run belongs to the task's owner (also when an admin launches it), and Idempotency-Keys are scoped to
 * that owner: the same key returns the run it first created.
 */
@ApplicationScoped
public class LaunchService {

    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 200;

    private final TaskService tasks;
    private final RunLaunchRepository launches;
    private final OutboxRepository outbox;
    private final RunEvents events;
    private final OutboxRelay relay;

    public LaunchService(TaskService tasks, RunLaunchRepository launches, OutboxRepository outbox, RunEvents events,
                         OutboxRelay relay) {
        this.tasks = tasks;
        this.launches = launches;
        this.outbox = outbox;
        this.events = events;
        this.relay = relay;
    }

    public Uni<Launched> launch(Caller caller, UUID taskId, String idempotencyKey) {
        return Uni.createFrom().item(() -> normalizeKey(idempotencyKey))
                .chain(key -> Panache.withTransaction(() -> tasks.accessible(caller, taskId)
                                .chain(task -> key == null ? create(task, null) : replayOrCreate(task, key)))
                        // Two requests raced with the same key: the unique constraint let one insert; return its run.
                        .onFailure(f -> key != null && Constraints.violated(f, RunLaunchRepository.IDEMPOTENCY_UNIQUE))
                        .recoverWithUni(() -> Panache.withSession(() -> tasks.accessible(caller, taskId)
                                .chain(task -> replayOrCreate(task, key)))))
                .invoke(launched -> {
                    if (launched.created()) {
                        relay.wake();
                    }
                });
    }

    private Uni<Launched> replayOrCreate(Task task, String key) {
        return launches.findByIdempotencyKey(task.ownerId, key)
                .chain(existing -> existing == null ? create(task, key) : replay(existing, task));
    }

    private Uni<Launched> replay(RunLaunch existing, Task task) {
        if (!existing.taskId.equals(task.id)) {
            return Uni.createFrom().failure(new ApiException(ProblemKind.CONFLICT,
                    "This Idempotency-Key was already used to launch another task (run " + existing.id + ")"));
        }
        return Uni.createFrom().item(new Launched(events.queued(existing), false));
    }

    private Uni<Launched> create(Task task, String key) {
        RunLaunch launch = snapshot(task, key);
        return launches.persist(launch)
                .chain(() -> outbox.persist(events.requested(launch)))
                // Flush now so a duplicate Idempotency-Key fails here, where launch() recovers from it.
                .chain(() -> launches.flush())
                .replaceWith(() -> new Launched(events.queued(launch), true));
    }

    private static RunLaunch snapshot(Task task, String key) {
        RunLaunch launch = new RunLaunch();
        launch.id = Uuids.v7();
        launch.taskId = task.id;
        launch.ownerId = task.ownerId;
        launch.action = task.action;
        launch.input = task.input;
        launch.priority = task.priority;
        launch.maxAttempts = task.maxAttempts;
        launch.timeoutMs = task.timeoutMs;
        launch.idempotencyKey = key;
        launch.createdAt = Times.now();
        return launch;
    }

    private static String normalizeKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ApiException.invalid(IDEMPOTENCY_HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        return key;
    }
}
