package dev.conveyor.gateway.run;

import dev.conveyor.gateway.auth.Callers;
import dev.conveyor.gateway.support.PageRequest;
import dev.conveyor.gateway.support.Paged;
import io.quarkus.security.Authenticated;
import dev.conveyor.proto.Run;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Run history ("histories" is the seed's name for runs), answered by the updater; cancel and re-drive. */
@Path("/api/histories")
@Tag(name = "Runs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    private final RunQueryService runs;
    private final RunControlService control;
    private final RunViews views;
    private final Callers callers;

    public HistoryResource(RunQueryService runs, RunControlService control, RunViews views, Callers callers) {
        this.runs = runs;
        this.control = control;
        this.views = views;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "List runs", description = "The caller's runs (an admin sees all). Filters: status, taskId, "
            + "action. Paginated: page is 0-based, size 1..100 (default 20).")
    @APIResponse(responseCode = "200", description = "One page of runs")
    @APIResponse(responseCode = "400", description = "Invalid filter, page or size")
    @APIResponse(responseCode = "503", description = "The run history service is unavailable")
    public Uni<Paged<RunView>> list(@RestQuery String status, @RestQuery String taskId, @RestQuery String action,
                                    @RestQuery String page, @RestQuery String size) {
        return Uni.createFrom().item(() -> RunFilter.parse(status, taskId, action))
                .chain(filter -> callers.current().chain(caller -> runs.list(caller, filter, PageRequest.parse(page, size))))
                .map(found -> found.map(views::of));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a run", description = "Owner or admin: the run with every transition so far.")
    @APIResponse(responseCode = "200", description = "The run")
    @APIResponse(responseCode = "404", description = "No such run visible to the caller")
    @APIResponse(responseCode = "503", description = "The run history service is unavailable")
    public Uni<RunView> get(@RestPath UUID id) {
        return callers.current().chain(caller -> runs.get(caller, id)).map(views::of);
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Watch a run", description = "Server-sent events: the run now, then after every change, "
            + "until it ends. Each event is named after the run's status; its data is the run as GET "
            + "/api/histories/{id} returns it.")
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "404", description = "No such run visible to the caller")
    @APIResponse(responseCode = "503", description = "The run history service is unavailable")
    @WatchedRun.Resolved
    public Multi<OutboundSseEvent> events(@RestPath UUID id, Sse sse, RoutingContext request) {
        WatchedRun watched = WatchedRun.of(request);
        return runs.follow(watched.caller(), watched.run())
                .map(run -> sse.newEventBuilder()
                        .name(run.getStatus().name())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(RunView.class, views.of(run))
                        .build());
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel a run", description = "Owner or admin; the run must be QUEUED, RETRYING or RUNNING. "
            + "A running attempt stops at its next cancellation check, or finishes first.")
    @APIResponse(responseCode = "202", description = "Cancellation requested: the run as known now")
    @APIResponse(responseCode = "404", description = "No such run visible to the caller")
    @APIResponse(responseCode = "409", description = "The run has ended")
    @APIResponse(responseCode = "503", description = "The run history service is unavailable")
    public Uni<RestResponse<RunView>> cancel(@RestPath UUID id) {
        return callers.current().chain(caller -> control.cancel(caller, id)).map(this::accepted);
    }

    @POST
    @Path("{id}/retry")
    @Operation(summary = "Re-drive a run", description = "Owner or admin; the run must be FAILED or DEAD. Publishes "
            + "its next attempt with a fresh budget of the task's max attempts.")
    @APIResponse(responseCode = "202", description = "Re-drive requested: the run as known now")
    @APIResponse(responseCode = "404", description = "No such run visible to the caller")
    @APIResponse(responseCode = "409", description = "The run is not FAILED or DEAD, or is already being re-driven")
    @APIResponse(responseCode = "503", description = "The run history service is unavailable")
    public Uni<RestResponse<RunView>> retry(@RestPath UUID id) {
        return callers.current().chain(caller -> control.retry(caller, id)).map(this::accepted);
    }

    private RestResponse<RunView> accepted(Run run) {
        return RestResponse.accepted(views.of(run));
    }
}
