package dev.conveyor.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Tokens signed with the gateway's own key are still refused when their issuer, audience or expiry is wrong. */
@QuarkusTest
class JwtClaimsTest {

    private static final String ISSUER = "https://conveyor.local";
    private static final String AUDIENCE = "conveyor-api";

    @Test
    void aTokenWithTheRightClaimsIsAccepted() {
        String token = token(claims -> claims);
        given().auth().oauth2(token).get("/api/tasks").then().statusCode(200);
    }

    @Inject
    JWTParser parser;

    @Test
    void aTokenIsVerifiedOnceAndThenAnsweredFromTheVerifiedTokens() throws ParseException {
        String token = token(claims -> claims);
        assertSame(parser.parse(token), parser.parse(token));
    }

    @Test
    void anExpiredTokenIs401() {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        refused(token(claims -> claims.issuedAt(issued).expiresAt(issued.plus(Duration.ofHours(1)))));
    }

    @Test
    void aTokenForAnotherAudienceIs401() {
        refused(token(claims -> claims.audience("another-api")));
    }

    @Test
    void aTokenFromAnotherIssuerIs401() {
        refused(token(claims -> claims.issuer("https://elsewhere.example")));
    }

    private static void refused(String token) {
        given().auth().oauth2(token).get("/api/tasks").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("urn:conveyor:problem:unauthenticated"))
                .body("detail", equalTo("The access token is invalid or expired: log in again at /api/login"));
    }

    /** An admin's token as the gateway issues it, signed with the test key, with one claim changed. */
    private static String token(UnaryOperator<JwtClaimsBuilder> change) {
        Instant now = Instant.now();
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(java.util.UUID.randomUUID().toString())
                .upn("someone@example.com")
                .groups(Set.of("ADMIN"))
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofMinutes(5)));
        return change.apply(claims).sign();
    }
}
