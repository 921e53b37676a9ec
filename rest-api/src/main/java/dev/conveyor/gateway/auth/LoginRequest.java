package dev.conveyor.gateway.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Credentials exchanged for an access token")
public record LoginRequest(
        @Schema(examples = "admin@conveyor.local") @NotBlank @Size(max = 254) String email,
        @NotBlank @Size(max = 128) String password) {
}
