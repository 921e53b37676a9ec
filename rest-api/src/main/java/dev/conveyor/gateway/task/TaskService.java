package dev.conveyor.gateway.task;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.actions.ActionCatalog;
import dev.conveyor.actions.InvalidActionInputException;
import dev.conveyor.actions.UnknownActionException;
import dev.conveyor.gateway.auth.Caller;
import dev.conveyor.gateway.problem.ApiException;
import dev.conveyor.gateway.problem.Constraints;
import dev.conveyor.gateway.problem.ProblemKind;
import dev.conveyor.gateway.problem.Validation;
import dev.conveyor.gateway.problem.Violation;
import dev.conveyor.gateway.support.PageRequest;
import dev.conveyor.gateway.support.Paged;
import dev.conveyor.gateway.support.Times;
import dev.conveyor.gateway.support.Uuids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Task definition rules, shared by the REST resource and the gRPC service. A task is visible only to its owner
 * and to admins; to anybody else it does not exist (404, never 403, so ids cannot be probed).
 */
@ApplicationScoped
public class TaskService {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final TaskRepository tasks;
    private final ActionCatalog actions;
    private final Validation validation;
    private final ObjectMapper json;

    public TaskService(TaskRepository tasks, ActionCatalog actions, Validation validation, ObjectMapper json) {
        this.tasks = tasks;
        this.actions = actions;
        this.validation = validation;
        this.json = json;
    }

    public Uni<TaskView> create(Caller caller, TaskDefinition definition) {
        return check(definition)
                .chain(valid -> Panache.withTransaction(() -> ensureTitleFree(caller.id(), valid.title(), null)
                        .chain(() -> tasks.persist(newTask(caller.id(), valid)))))
                .onFailure().transform(f -> translate(f, definition))
                .map(TaskView::of);
    }

    public Uni<TaskView> get(Caller caller, UUID id) {
        return Panache.withSession(() -> accessible(caller, id)).map(TaskView::of);
    }

    public Uni<Paged<TaskView>> list(Caller caller, PageRequest page, TaskFilter filter) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (!caller.admin()) {
            where.append(" and ownerId = :owner");
            params.put("owner", caller.id());
        }
        if (filter.action() != null) {
            where.append(" and action = :action");
            params.put("action", filter.action());
        }
        if (filter.priority() != null) {
            where.append(" and priority = :priority");
            params.put("priority", filter.priority());
        }
        return Panache.withSession(() -> {
            var query = tasks.find(where.toString(), Sort.by("createdAt").and("id"), params)
                    .page(Page.of(page.page(), page.size()));
            return query.list().chain(items -> query.count()
                    .map(total -> new Paged<>(items.stream().map(TaskView::of).toList(), total, page.page(), page.size())));
        });
    }

    public Uni<TaskView> update(Caller caller, UUID id, TaskDefinition definition) {
        return check(definition)
                .chain(valid -> Panache.withTransaction(() -> accessible(caller, id)
                        .call(task -> ensureTitleFree(task.ownerId, valid.title(), task.id))
                        .invoke(task -> apply(task, valid))))
                .onFailure().transform(f -> translate(f, definition))
                .map(TaskView::of);
    }

    public Uni<Void> delete(Caller caller, UUID id) {
        return Panache.withTransaction(() -> accessible(caller, id).call(tasks::delete)).replaceWithVoid();
    }

    /** The task if the caller may use it; must run inside a session. */
    public Uni<Task> accessible(Caller caller, UUID id) {
        return tasks.findById(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Task", id))
                .onItem().transform(task -> {
                    if (!caller.canAccess(task.ownerId)) {
                        throw ApiException.notFound("Task", id);
                    }
                    return task;
                });
    }

    /** Field constraints first, then the action's own input schema. */
    private Uni<TaskDefinition> check(TaskDefinition definition) {
        return validation.check(definition).invoke(valid -> {
            if (!valid.input().isObject()) {
                throw ApiException.invalid("input", "must be a JSON object");
            }
            try {
                actions.validate(valid.action(), valid.input());
            } catch (UnknownActionException e) {
                throw new ApiException(ProblemKind.UNKNOWN_ACTION, e.getMessage());
            } catch (InvalidActionInputException e) {
                throw ApiException.invalid(e.violations().stream()
                        .map(v -> new Violation(v.field(), v.message()))
                        .toList());
            }
        });
    }

    private Uni<Void> ensureTitleFree(UUID ownerId, String title, UUID except) {
        return tasks.titleTaken(ownerId, title.trim(), except != null ? except : new UUID(0, 0))
                .chain(taken -> taken ? Uni.createFrom().failure(titleTaken(title)) : Uni.createFrom().voidItem());
    }

    private Task newTask(UUID ownerId, TaskDefinition definition) {
        Task task = new Task();
        task.id = Uuids.v7();
        task.ownerId = ownerId;
        task.createdAt = Times.now();
        apply(task, definition);
        task.updatedAt = task.createdAt;
        return task;
    }

    private void apply(Task task, TaskDefinition definition) {
        task.title = definition.title().trim();
        task.description = definition.description();
        task.action = definition.action();
        task.input = json.convertValue(definition.input(), JSON_OBJECT);
        task.priority = Objects.requireNonNullElse(definition.priority(), Priority.MEDIUM);
        task.maxAttempts = Objects.requireNonNullElse(definition.maxAttempts(), TaskDefinition.DEFAULT_MAX_ATTEMPTS);
        task.timeoutMs = Objects.requireNonNullElse(definition.timeoutMs(), TaskDefinition.DEFAULT_TIMEOUT_MS);
        task.updatedAt = Times.now();
    }

    /** The unique and foreign key constraints decide races the checks above cannot see. */
    private static Throwable translate(Throwable failure, TaskDefinition definition) {
        if (Constraints.violated(failure, TaskRepository.TITLE_UNIQUE)) {
            return titleTaken(definition.title());
        }
        if (Constraints.violated(failure, TaskRepository.OWNER_EXISTS)) {
            return new ApiException(ProblemKind.UNAUTHENTICATED, "Your account no longer exists");
        }
        return failure;
    }

    private static ApiException titleTaken(String title) {
        return new ApiException(ProblemKind.CONFLICT, "You already have a task titled '" + title.trim() + "'");
    }
}
