package dev.conveyor.gateway.run;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Launch", description = "One launch of a batch")
public record LaunchItem(
        @Schema(required = true) UUID taskId,
        @Schema(description = "Optional, 1..200 characters; the same rules as the Idempotency-Key header",
                nullable = true) String idempotencyKey) {
}
