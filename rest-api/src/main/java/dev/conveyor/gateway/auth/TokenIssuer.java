package dev.conveyor.gateway.auth;

import dev.conveyor.gateway.user.User;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Signs access tokens: sub = user id, upn = email, groups = [role], with the verified issuer and audience. */
@ApplicationScoped
public class TokenIssuer {

    private final String issuer;
    private final String audience;
    private final Duration ttl;

    public TokenIssuer(@ConfigProperty(name = "conveyor.jwt.issuer") String issuer,
                       @ConfigProperty(name = "conveyor.jwt.audience") String audience,
                       @ConfigProperty(name = "conveyor.jwt.ttl") Duration ttl) {
        this.issuer = issuer;
        this.audience = audience;
        this.ttl = ttl;
    }

    /** Blocking (RSA signing, key file read): call it off the event loop. */
    public TokenResponse issue(User user) {
        Instant now = Instant.now();
        String token = Jwt.issuer(issuer)
                .audience(audience)
                .subject(user.id.toString())
                .upn(user.email)
                .groups(Set.of(user.role.name()))
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .sign();
        return new TokenResponse(token, "Bearer", ttl.toSeconds());
    }
}
