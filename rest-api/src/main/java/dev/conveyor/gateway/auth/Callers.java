package dev.conveyor.gateway.auth;

import dev.conveyor.gateway.user.Role;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current REST or gRPC request. Only used by endpoints that require authentication, so
 * the identity has been resolved by the time it is read.
 */
@ApplicationScoped
public class Callers {

    private final SecurityIdentity identity;

    public Callers(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller current() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new UnauthorizedException();
        }
        return new Caller(UUID.fromString(token.getSubject()), identity.hasRole(Role.ADMIN.name()));
    }
}
