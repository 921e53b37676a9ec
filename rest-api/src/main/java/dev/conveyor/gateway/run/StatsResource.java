package dev.conveyor.gateway.run;

import dev.conveyor.gateway.auth.Callers;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/stats")
@Tag(name = "Runs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    private final RunQueryService runs;
    private final Callers callers;

    public StatsResource(RunQueryService runs, Callers callers) {
        this.runs = runs;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Run statistics", description = "Counts by status and by action, and for each action the "
            + "totals of the numeric top-level fields of its SUCCEEDED results: the caller's runs (an admin: all runs).")
    @APIResponse(responseCode = "200", description = "The statistics")
    @APIResponse(responseCode = "503", description = "The run history service is unavailable")
    public Uni<StatsView> stats() {
        return callers.current().chain(runs::stats).map(StatsView::of);
    }
}
