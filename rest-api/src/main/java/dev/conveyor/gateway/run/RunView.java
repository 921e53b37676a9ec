package dev.conveyor.gateway.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Run", description = "One launch of a task and its history")
public record RunView(
        UUID id,
        UUID taskId,
        UUID ownerId,
        String action,
        @Schema(type = SchemaType.OBJECT) JsonNode input,
        String priority,
        @Schema(enumeration = {"QUEUED", "RUNNING", "RETRYING", "SUCCEEDED", "FAILED", "DEAD", "CANCELLED"}) String status,
        int attempts,
        int maxAttempts,
        @Schema(description = "The action's result once SUCCEEDED", nullable = true) JsonNode result,
        @Schema(nullable = true) RunErrorView error,
        @Schema(nullable = true) String workerId,
        Instant createdAt,
        @Schema(nullable = true) Instant queuedAt,
        @Schema(nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant finishedAt,
        List<TransitionView> transitions) {

    @Schema(name = "RunError")
    public record RunErrorView(String code, String message, boolean retryable) {
    }

    @Schema(name = "Transition")
    public record TransitionView(String status, int attempt, Instant at, String workerId, RunErrorView error) {
    }
}
