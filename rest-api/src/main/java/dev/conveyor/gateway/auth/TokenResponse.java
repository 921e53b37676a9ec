package dev.conveyor.gateway.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A bearer access token (JWT) and its lifetime in seconds")
public record TokenResponse(String accessToken, String tokenType, long expiresIn) {
}
