package dev.conveyor.gateway;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** REST helpers shared by the tests: tokens, users and tasks created through the public API. */
public final class Api {

    public static final String ADMIN_EMAIL = "admin@conveyor.local";
    public static final String ADMIN_PASSWORD = "conveyor-local-admin";
    public static final String PASSWORD = "correct-horse-battery";

    private Api() {
    }

    public static String login(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/api/login")
                .then().statusCode(200)
                .extract().path("accessToken");
    }

    public static String adminToken() {
        return login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    public static RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).auth().oauth2(token);
    }

    /** A new REGISTERED user with a unique email; returns its id and token. */
    public static Account newUser() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        String id = as(adminToken())
                .body(Map.of("name", "Test User", "email", email, "password", PASSWORD))
                .post("/api/users")
                .then().statusCode(201)
                .extract().path("id");
        return new Account(id, email, login(email, PASSWORD));
    }

    public static Map<String, Object> task(String title) {
        return Map.of("title", title, "action", "primes", "input", Map.of("limit", 1000));
    }

    public static String createTask(String token, String title) {
        return as(token).body(task(title))
                .post("/api/tasks")
                .then().statusCode(201)
                .extract().path("id");
    }

    public record Account(String id, String email, String token) {
    }
}
