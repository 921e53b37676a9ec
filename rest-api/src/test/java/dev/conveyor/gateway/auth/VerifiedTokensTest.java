package dev.conveyor.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache answers only what smallrye-jwt verified, and only until the token expires. */
class VerifiedTokensTest {

    private static final String ISSUER = "https://conveyor.local";
    private static final KeyPair KEYS = rsaKeys();

    private final Instant now = Instant.now();
    private final AtomicLong tickerNanos = new AtomicLong();
    private final AtomicInteger verifications = new AtomicInteger();
    private final JWTAuthContextInfo context = new JWTAuthContextInfo(KEYS.getPublic(), ISSUER);
    private VerifiedTokens tokens;

    @BeforeEach
    void countVerifications() {
        JWTCallerPrincipalFactory smallrye = new DefaultJWTCallerPrincipalFactory();
        JWTCallerPrincipalFactory counting = new JWTCallerPrincipalFactory() {
            @Override
            public JWTCallerPrincipal parse(String token, JWTAuthContextInfo info) throws ParseException {
                verifications.incrementAndGet();
                return smallrye.parse(token, info);
            }
        };
        Ticker ticker = tickerNanos::get;
        tokens = new VerifiedTokens(counting, 100, Clock.fixed(now, ZoneOffset.UTC), ticker);
        context.setExpectedAudience(Set.of("conveyor-api"));
    }

    @Test
    void aValidTokenIsVerifiedOnceAndAnsweredFromMemoryAfterwards() throws ParseException {
        String token = token(now.plus(Duration.ofHours(1)));
        JWTCallerPrincipal first = tokens.parse(token, context);
        JWTCallerPrincipal second = tokens.parse(token, context);
        assertSame(first, second);
        assertEquals(1, verifications.get());
    }

    @Test
    void aTokenIsVerifiedAgainOnceItsExpiryHasPassed() throws ParseException {
        String token = token(now.plus(Duration.ofMinutes(10)));
        tokens.parse(token, context);
        tickerNanos.addAndGet(Duration.ofMinutes(10).minusSeconds(1).toNanos());
        tokens.parse(token, context);
        assertEquals(1, verifications.get(), "still remembered a second before it expires");
        tickerNanos.addAndGet(Duration.ofSeconds(1).toNanos());
        tokens.parse(token, context);
        assertEquals(2, verifications.get(), "asked smallrye-jwt again once expired");
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        String valid = token(now.plus(Duration.ofHours(1)));
        int signature = valid.lastIndexOf('.') + 1;
        String forged = valid.substring(0, signature) + (valid.charAt(signature) == 'A' ? 'B' : 'A')
                + valid.substring(signature + 1);
        assertThrows(ParseException.class, () -> tokens.parse(forged, context));
        assertThrows(ParseException.class, () -> tokens.parse(forged, context));
        assertEquals(2, verifications.get());
    }

    private static String token(Instant expiresAt) {
        return Jwt.issuer(ISSUER).audience("conveyor-api").subject(UUID.randomUUID().toString())
                .issuedAt(expiresAt.minus(Duration.ofHours(1))).expiresAt(expiresAt)
                .sign(KEYS.getPrivate());
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
