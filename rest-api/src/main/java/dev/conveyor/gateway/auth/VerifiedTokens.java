package dev.conveyor.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies each distinct access token once, for smallrye-jwt (REST and gRPC alike). A client sends the same token
 * with every request until it expires, and checking its RS256 signature and parsing its claims again each time was a
 * third of the gateway's CPU per single launch (JFR). Only a token smallrye-jwt accepted is remembered, with the
 * principal it made, and only until the token's {@code exp}, so nothing is accepted that smallrye-jwt would refuse.
 * The caller is read from the token alone (no per-request lookup a cached principal could skip).
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedTokens extends JWTCallerPrincipalFactory {

    private final JWTCallerPrincipalFactory verifier;
    private final Clock clock;
    private final Cache<String, JWTCallerPrincipal> verified;

    @Inject
    VerifiedTokens(@ConfigProperty(name = "conveyor.jwt.verified-cache-size") long size) {
        this(new DefaultJWTCallerPrincipalFactory(), size, Clock.systemUTC(), Ticker.systemTicker());
    }

    VerifiedTokens(JWTCallerPrincipalFactory verifier, long size, Clock clock, Ticker ticker) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfter(Expiry.<String, JWTCallerPrincipal>creating((token, principal) -> untilExpiry(principal)))
                .ticker(ticker)
                .build();
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        JWTCallerPrincipal known = verified.getIfPresent(token);
        if (known != null) {
            return known;
        }
        JWTCallerPrincipal principal = verifier.parse(token, authContextInfo);
        verified.put(token, principal);
        return principal;
    }

    /** Zero (gone at once) for a token without {@code exp}: it is verified every time. */
    private Duration untilExpiry(JWTCallerPrincipal principal) {
        long expiresAtMillis = TimeUnit.SECONDS.toMillis(principal.getExpirationTime());
        return Duration.ofMillis(Math.max(0, expiresAtMillis - clock.millis()));
    }
}
