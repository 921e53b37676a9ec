package dev.conveyor.gateway.run;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "LaunchBatch", description = "Launches accepted together or not at all")
public record LaunchBatch(
        @Schema(required = true, minItems = 1, maxItems = LaunchService.MAX_BATCH) List<LaunchItem> launches) {

    @Schema(name = "LaunchedBatch", description = "The runs of a batch, in request order")
    public record Runs(List<RunView> runs) {
    }
}
