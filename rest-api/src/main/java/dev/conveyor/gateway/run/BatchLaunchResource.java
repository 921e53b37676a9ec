package dev.conveyor.gateway.run;

import dev.conveyor.gateway.auth.Callers;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/launches")
@Tag(name = "Runs")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class BatchLaunchResource {

    private final LaunchService launcher;
    private final RunViews views;
    private final Callers callers;

    public BatchLaunchResource(LaunchService launcher, RunViews views, Callers callers) {
        this.launcher = launcher;
        this.views = views;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Launch a batch", description = "1.." + LaunchService.MAX_BATCH + " launches, each of a task "
            + "the caller owns (any task for an admin), each with an optional idempotencyKey. Every launch is checked "
            + "first, then all runs are accepted in one transaction, or none is. A key used before answers the run "
            + "it created then, as the single launch does.")
    @APIResponse(responseCode = "202", description = "Accepted: the runs in request order",
            content = @Content(schema = @Schema(implementation = LaunchBatch.Runs.class)))
    @APIResponse(responseCode = "400", description = "No launches, a missing taskId or an invalid idempotencyKey")
    @APIResponse(responseCode = "404", description = "A task that does not exist or is not the caller's; nothing launched")
    @APIResponse(responseCode = "413", description = "More than " + LaunchService.MAX_BATCH + " launches, or a body over the size limit")
    @APIResponse(responseCode = "422", description = "An idempotencyKey already used for another task; nothing launched")
    public Uni<RestResponse<LaunchBatch.Runs>> launch(LaunchBatch batch) {
        return callers.current()
                .chain(caller -> launcher.launchBatch(caller, batch == null ? null : batch.launches()))
                .map(launched -> RestResponse.accepted(
                        new LaunchBatch.Runs(launched.stream().map(one -> views.of(one.run())).toList())));
    }
}
