package dev.conveyor.gateway.run;

import dev.conveyor.gateway.auth.Callers;
import dev.conveyor.gateway.problem.Problem;
import dev.conveyor.gateway.support.PageRequest;
import dev.conveyor.gateway.support.Paged;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** Launches (under /api/tasks) and run history (under /api/histories, the seed's name for runs). */
@Path("/api")
@Tag(name = "Runs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, invalid or expired access token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class RunResource {

    private final LaunchService launcher;
    private final RunQueryService runs;
    private final RunViews views;
    private final Callers callers;

    public RunResource(LaunchService launcher, RunQueryService runs, RunViews views, Callers callers) {
        this.launcher = launcher;
        this.runs = runs;
        this.views = views;
        this.callers = callers;
    }

    @POST
    @Path("tasks/{id}/launch")
    @Operation(summary = "Launch a task", description = "Owner or admin. Accepts the run for asynchronous execution. "
            + "With an Idempotency-Key, repeating the request returns the run the key first created (200).")
    @APIResponse(responseCode = "202", description = "Accepted; Location points at the run",
            content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "200", description = "Idempotency-Key replay: the run created earlier",
            content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "400", description = "Invalid Idempotency-Key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such task visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used for another task",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<RunView>> launch(
            @RestPath UUID id,
            @Parameter(description = "1..200 characters; scoped to the run owner")
            @RestHeader(LaunchService.IDEMPOTENCY_HEADER) String idempotencyKey) {
        return launcher.launch(callers.current(), id, idempotencyKey)
                .map(launched -> RestResponse.ResponseBuilder
                        .create(launched.created() ? RestResponse.Status.ACCEPTED : RestResponse.Status.OK,
                                views.of(launched.run()))
                        .location(URI.create("/api/histories/" + launched.run().getId()))
                        .build());
    }

    @GET
    @Path("histories")
    @Operation(summary = "List runs", description = "The caller's runs (an admin sees all). Filters: status, taskId, "
            + "action. Paginated: page is 0-based, size 1..100 (default 20).")
    @APIResponse(responseCode = "200", description = "One page of runs")
    @APIResponse(responseCode = "400", description = "Invalid filter, page or size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The run history service is unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Paged<RunView>> list(@RestQuery String status, @RestQuery String taskId, @RestQuery String action,
                                    @RestQuery String page, @RestQuery String size) {
        return Uni.createFrom().item(() -> RunFilter.parse(status, taskId, action))
                .chain(filter -> runs.list(callers.current(), filter, PageRequest.parse(page, size)))
                .map(found -> found.map(views::of));
    }

    @GET
    @Path("histories/{id}")
    @Operation(summary = "Get a run", description = "Owner or admin: the run with every transition so far.")
    @APIResponse(responseCode = "200", description = "The run")
    @APIResponse(responseCode = "404", description = "No such run visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The run history service is unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RunView> get(@RestPath UUID id) {
        return runs.get(callers.current(), id).map(views::of);
    }
}
