package dev.conveyor.gateway.task;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A task definition. priority defaults to MEDIUM, maxAttempts to 3, timeoutMs to 30000.")
public record TaskDefinition(
        @NotBlank @Size(max = 200) String title,
        @Size(max = 2000) String description,
        @Schema(examples = "primes") @NotBlank String action,
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT,
                description = "The action's input, checked against the action's schema") @NotNull JsonNode input,
        Priority priority,
        @Min(1) @Max(10) Integer maxAttempts,
        @Min(100) @Max(3_600_000) Long timeoutMs) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final long DEFAULT_TIMEOUT_MS = 30_000;
}
