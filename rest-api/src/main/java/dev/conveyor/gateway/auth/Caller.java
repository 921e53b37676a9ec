package dev.conveyor.gateway.auth;

import java.util.UUID;

/** The authenticated user making a request, as the access token says. */
public record Caller(UUID id, boolean admin) {

    /** Admins see everything; everybody else only what they own. */
    public boolean canAccess(UUID ownerId) {
        return admin || id.equals(ownerId);
    }
}
