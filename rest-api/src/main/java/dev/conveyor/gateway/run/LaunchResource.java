package dev.conveyor.gateway.run;

import dev.conveyor.gateway.auth.Callers;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
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
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Launches. A root resource of its own: JAX-RS picks the root resource first, so this path must not sit under a
 * resource matched by a shorter prefix.
 */
@Path("/api/tasks/{id}/launch")
@Tag(name = "Runs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class LaunchResource {

    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final LaunchService launcher;
    private final RunViews views;
    private final Callers callers;

    public LaunchResource(LaunchService launcher, RunViews views, Callers callers) {
        this.launcher = launcher;
        this.views = views;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Launch a task", description = "Owner or admin. Accepts the run for asynchronous execution. "
            + "With an Idempotency-Key, repeating the request within 24 hours answers the run the key first created "
            + "(header Idempotent-Replayed: true) and launches nothing.")
    @APIResponse(responseCode = "202", description = "Accepted (or replayed); Location points at the run",
            content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "400", description = "Invalid Idempotency-Key")
    @APIResponse(responseCode = "404", description = "No such task visible to the caller")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for another task")
    public Uni<RestResponse<RunView>> launch(
            @RestPath UUID id,
            @Parameter(description = "1..200 characters; scoped to the caller")
            @RestHeader(LaunchService.IDEMPOTENCY_HEADER) String idempotencyKey) {
        return callers.current().chain(caller -> launcher.launch(caller, id, idempotencyKey))
                .map(launched -> {
                    var response = RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, views.of(launched.run()))
                            .location(URI.create("/api/histories/" + launched.run().getId()));
                    return launched.created() ? response.build() : response.header(REPLAYED_HEADER, "true").build();
                });
    }
}
