package dev.conveyor.gateway.run;

import dev.conveyor.gateway.auth.Callers;
import dev.conveyor.gateway.support.PageRequest;
import dev.conveyor.gateway.support.Paged;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Run history ("histories" is the seed's name for runs), answered by the updater. */
@Path("/api/histories")
@Tag(name = "Runs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    private final RunQueryService runs;
    private final RunViews views;
    private final Callers callers;

    public HistoryResource(RunQueryService runs, RunViews views, Callers callers) {
        this.runs = runs;
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
}
