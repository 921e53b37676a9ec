package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.ADMIN_EMAIL;
import static dev.conveyor.gateway.Api.ADMIN_PASSWORD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthTest {

    @Test
    void loginReturnsASignedTokenWithTheUsersClaims() throws Exception {
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("email", "ADMIN@conveyor.local", "password", ADMIN_PASSWORD))
                .post("/api/login")
                .then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(3600))
                .extract().path("accessToken");

        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertEquals(ADMIN_EMAIL, claims.get("upn").asText());
        assertEquals("ADMIN", claims.get("groups").get(0).asText());
        assertEquals("https://conveyor.local", claims.get("iss").asText());
        assertEquals("conveyor-api", claims.get("aud").isArray() ? claims.get("aud").get(0).asText() : claims.get("aud").asText());
        given().auth().oauth2(token).get("/api/users/" + claims.get("sub").asText())
                .then().statusCode(200).body("email", equalTo(ADMIN_EMAIL));
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSame401() {
        for (Map<String, String> credentials : new Map[] {
                Map.of("email", ADMIN_EMAIL, "password", "not-the-password"),
                Map.of("email", "nobody@example.com", "password", "not-the-password")}) {
            given().contentType(ContentType.JSON).body(credentials)
                    .post("/api/login")
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:conveyor:problem:unauthenticated"))
                    .body("detail", equalTo("Invalid email or password"))
                    .body("instance", equalTo("/api/login"));
        }
    }

    @Test
    void missingCredentialsAreAValidationProblem() {
        given().contentType(ContentType.JSON).body(Map.of("email", ADMIN_EMAIL))
                .post("/api/login")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:validation"))
                .body("violations[0].field", equalTo("password"))
                .body("violations.size()", greaterThan(0));
    }

    @Test
    void protectedEndpointsNeedAValidToken() {
        given().get("/api/tasks")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:unauthenticated"))
                .body("detail", equalTo("An access token is required: send 'Authorization: Bearer <token>' (get one at /api/login)"));
        given().auth().oauth2("not.a.jwt").get("/api/tasks")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("detail", equalTo("The access token is invalid or expired: log in again at /api/login"));
    }
}
