package dev.conveyor.gateway.auth;

import dev.conveyor.gateway.support.LogIds;
import dev.conveyor.gateway.user.Role;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current REST or gRPC request. Authentication is lazy (proactive auth is off), so the identity
 * is read as a Uni: resolving it may verify the token, which must not block the event loop.
 */
@ApplicationScoped
public class Callers {

    private final CurrentIdentityAssociation identities;

    public Callers(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** The caller, whose id labels the rest of the request's log lines ({@code labels.user_id}). */
    public Uni<Caller> current() {
        return identities.getDeferredIdentity().map(Callers::caller)
                .invoke(caller -> LogIds.user(caller.id()));
    }

    private static Caller caller(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new UnauthorizedException();
        }
        return new Caller(UUID.fromString(token.getSubject()), identity.hasRole(Role.ADMIN.name()));
    }
}
