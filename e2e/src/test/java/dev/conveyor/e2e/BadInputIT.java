package dev.conveyor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input against the packaged gateway: always a 4xx application/problem+json whose detail names the problem,
 * and nothing written.
 */
class BadInputIT {

    private static RestClient api;
    private static String token;

    @BeforeAll
    static void login() {
        api = new RestClient(RunningStack.get().gateway().url());
        String admin = api.login(RunningStack.ADMIN_EMAIL, RunningStack.ADMIN_PASSWORD);
        String email = "bea-" + UUID.randomUUID() + "@example.com";
        api.createUser(admin, "Bea", email, "correct-horse-battery");
        token = api.login(email, "correct-horse-battery");
    }

    private void rejectedTask(Object body, int status, String detailMentions) {
        api.as(token).body(body).post("/api/tasks").then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("detail", containsString(detailMentions));
    }

    @Test
    void missingFieldsAreNamed() {
        api.as(token).body(Map.of("action", "sum", "input", Map.of("numbers", List.of(1)))).post("/api/tasks").then()
                .statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem(containsString("title")));
    }

    @Test
    void unknownActionListsTheKnownOnes() {
        rejectedTask(Map.of("title", "x", "action", "teleport", "input", Map.of()), 400, "teleport");
        rejectedTask(Map.of("title", "x", "action", "teleport", "input", Map.of()), 400, "primes");
    }

    @Test
    void wrongTypesAndOutOfRangeInputsAreNamed() {
        api.as(token).body(Map.of("title", "x", "action", "primes", "input", Map.of("limit", "many")))
                .post("/api/tasks").then()
                .statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem(containsString("limit")));
        api.as(token).body(Map.of("title", "x", "action", "primes", "input", Map.of("limit", -5)))
                .post("/api/tasks").then()
                .statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem(containsString("limit")));
        api.as(token).body(Map.of("title", "x", "action", "sum", "input", Map.of("numbers", List.of(1)),
                        "maxAttempts", "three"))
                .post("/api/tasks").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("maxAttempts"));
    }

    @Test
    void malformedJsonIsRejected() {
        api.as(token).body("{\"title\": \"x\", \"action\": ").post("/api/tasks").then()
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void oversizePayloadsAreRejected() {
        String huge = "a".repeat(3 * 1024 * 1024);
        api.as(token).body(Map.of("title", "x", "action", "hash", "input", Map.of("text", huge)))
                .post("/api/tasks").then()
                .statusCode(413).contentType("application/problem+json");
    }

    @Test
    void aLongQueryOverHttp2IsAnsweredNotDropped() throws Exception {
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        String tasks = RunningStack.get().gateway().url() + "/api/tasks";
        // The first request upgrades the connection to HTTP/2 (h2c); the second one travels over it.
        assertThat(http2.send(authorized(tasks), HttpResponse.BodyHandlers.discarding()).version())
                .isEqualTo(HttpClient.Version.HTTP_2);
        HttpResponse<String> response = http2.send(authorized(tasks + "?page=" + "9".repeat(15_000)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("page");
    }

    private static HttpRequest authorized(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build();
    }

    @Test
    void missingOrBadTokensAreUnauthorized() {
        api.anonymous().get("/api/tasks").then().statusCode(401).contentType("application/problem+json");
        api.as("not.a.jwt").get("/api/tasks").then().statusCode(401).contentType("application/problem+json");
        api.anonymous().contentType(ContentType.JSON).body(Map.of("email", "nobody@example.com", "password", "x"))
                .post("/api/login").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void rejectedRequestsWriteNothing() {
        String title = "never-" + UUID.randomUUID();
        rejectedTask(Map.of("title", title, "action", "sum", "input", Map.of("numbers", "nope")), 400, "numbers");
        api.as(token).get("/api/tasks?size=100").then().statusCode(200)
                .body("items.title", not(hasItem(title)));
    }
}
