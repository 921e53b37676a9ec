package dev.conveyor.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** The gateway's REST API as a user's client sees it. */
final class RestClient {

    private final String baseUri;

    RestClient(String baseUri) {
        this.baseUri = baseUri;
    }

    RequestSpecification anonymous() {
        return given().baseUri(baseUri).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    RequestSpecification as(String token) {
        return anonymous().auth().oauth2(token);
    }

    String login(String email, String password) {
        return anonymous().body(Map.of("email", email, "password", password))
                .post("/api/login")
                .then().statusCode(200)
                .extract().path("accessToken");
    }

    String createUser(String adminToken, String name, String email, String password) {
        return as(adminToken).body(Map.of("name", name, "email", email, "password", password, "role", "REGISTERED"))
                .post("/api/users")
                .then().statusCode(201)
                .extract().path("id");
    }

    String createTask(String token, String title, String action, Map<String, Object> input) {
        return createTask(token, title, action, input, 1);
    }

    String createTask(String token, String title, String action, Map<String, Object> input, int maxAttempts) {
        return as(token).body(Map.of("title", title, "action", action, "input", input, "maxAttempts", maxAttempts))
                .post("/api/tasks")
                .then().statusCode(201)
                .extract().path("id");
    }

    ValidatableResponse launch(String token, String taskId) {
        return as(token).post("/api/tasks/{id}/launch", taskId).then();
    }

    ValidatableResponse run(String token, String runId) {
        return as(token).get("/api/histories/{id}", runId).then();
    }
}
