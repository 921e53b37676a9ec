package dev.conveyor.gateway.task;

import dev.conveyor.gateway.auth.Callers;
import dev.conveyor.gateway.support.PageRequest;
import dev.conveyor.gateway.support.Paged;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/tasks")
@Tag(name = "Tasks")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    private final TaskService tasks;
    private final Callers callers;

    public TaskResource(TaskService tasks, Callers callers) {
        this.tasks = tasks;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Create a task", description = "The caller owns the task. The title must be unique among "
            + "the caller's tasks, the action must be registered and the input must match the action's schema.")
    @APIResponse(responseCode = "201", description = "Created; Location points at the task",
            content = @Content(schema = @Schema(implementation = TaskView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields, unknown action or invalid input")
    @APIResponse(responseCode = "409", description = "The caller already has a task with this title")
    public Uni<RestResponse<TaskView>> create(TaskDefinition definition) {
        return callers.current().chain(caller -> tasks.create(caller, definition))
                .map(task -> RestResponse.ResponseBuilder.<TaskView>created(URI.create("/api/tasks/" + task.id()))
                        .entity(task).build());
    }

    @GET
    @Operation(summary = "List tasks", description = "The caller's tasks (an admin sees all), oldest first. "
            + "Paginated: page is 0-based, size 1..100 (default 20). Filters: action, priority.")
    @APIResponse(responseCode = "200", description = "One page of tasks")
    @APIResponse(responseCode = "400", description = "Invalid page, size or priority")
    public Uni<Paged<TaskView>> list(@RestQuery String page, @RestQuery String size,
                                     @RestQuery String action, @RestQuery String priority) {
        return Uni.createFrom().item(() -> new TaskFilter(action, Priority.parse("priority", priority)))
                .chain(filter -> callers.current().chain(caller -> tasks.list(caller, PageRequest.parse(page, size), filter)));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a task", description = "Owner or admin.")
    @APIResponse(responseCode = "200", description = "The task")
    @APIResponse(responseCode = "404", description = "No such task visible to the caller")
    public Uni<TaskView> get(@RestPath UUID id) {
        return callers.current().chain(caller -> tasks.get(caller, id));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Replace a task's definition", description = "Owner or admin; same rules as creation.")
    @APIResponse(responseCode = "200", description = "The updated task")
    @APIResponse(responseCode = "400", description = "Invalid fields, unknown action or invalid input")
    @APIResponse(responseCode = "404", description = "No such task visible to the caller")
    @APIResponse(responseCode = "409", description = "The owner already has another task with this title")
    public Uni<TaskView> update(@RestPath UUID id, TaskDefinition definition) {
        return callers.current().chain(caller -> tasks.update(caller, id, definition));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a task", description = "Owner or admin. Runs already launched are kept.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such task visible to the caller")
    public Uni<Void> delete(@RestPath UUID id) {
        return callers.current().chain(caller -> tasks.delete(caller, id));
    }
}
