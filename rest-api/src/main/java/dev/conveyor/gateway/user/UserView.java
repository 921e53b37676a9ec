package dev.conveyor.gateway.user;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "User", description = "A user, without any credential")
public record UserView(UUID id, String name, String email, Role role, Instant createdAt, Instant updatedAt) {

    static UserView of(User user) {
        return new UserView(user.id, user.name, user.email, user.role, user.createdAt, user.updatedAt);
    }
}
