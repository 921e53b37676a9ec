package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.PASSWORD;
import static dev.conveyor.gateway.Api.adminToken;
import static dev.conveyor.gateway.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UserResourceTest {

    @Test
    void adminCreatesReadsUpdatesAndDeletesAUser() {
        String admin = adminToken();
        String email = "crud-" + UUID.randomUUID() + "@example.com";
        String location = as(admin)
                .body(Map.of("name", "Ada", "email", email, "password", PASSWORD, "role", "INVITED"))
                .post("/api/users")
                .then().statusCode(201)
                .body("email", equalTo(email))
                .body("role", equalTo("INVITED"))
                .body("$", not(hasKey("password")))
                .body("$", not(hasKey("passwordHash")))
                .extract().header("Location");

        String id = as(admin).get(location).then().statusCode(200).body("name", equalTo("Ada")).extract().path("id");

        as(admin).body(Map.of("name", "Ada L.", "email", email, "role", "REGISTERED"))
                .put("/api/users/" + id)
                .then().statusCode(200)
                .body("name", equalTo("Ada L."))
                .body("role", equalTo("REGISTERED"));
        Api.login(email, PASSWORD);

        as(admin).get("/api/users?page=0&size=1").then().statusCode(200)
                .body("size", equalTo(1)).body("items.size()", equalTo(1)).body("total", notNullValue());

        as(admin).delete("/api/users/" + id).then().statusCode(204);
        as(admin).get("/api/users/" + id).then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("User " + id + " does not exist"));
    }

    @Test
    void emailsAreUniqueCaseInsensitively() {
        Api.Account user = Api.newUser();
        as(adminToken())
                .body(Map.of("name", "Twin", "email", user.email().toUpperCase(), "password", PASSWORD))
                .post("/api/users")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:conflict"))
                .body("detail", equalTo("A user with email " + user.email() + " already exists"));
    }

    @Test
    void invalidUserFieldsAreListed() {
        as(adminToken())
                .body(Map.of("name", "", "email", "not-an-email", "password", "short"))
                .post("/api/users")
                .then().statusCode(400)
                .body("violations.field", org.hamcrest.Matchers.containsInAnyOrder("email", "name", "password"));
    }

    @Test
    void nonAdminsOnlyReadThemselves() {
        Api.Account user = Api.newUser();
        Api.Account other = Api.newUser();
        as(user.token()).get("/api/users/" + user.id()).then().statusCode(200).body("email", equalTo(user.email()));
        as(user.token()).get("/api/users/" + other.id()).then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:forbidden"));
        as(user.token()).get("/api/users").then().statusCode(403).contentType("application/problem+json");
        as(user.token()).body(Map.of("name", "X", "email", "x-" + UUID.randomUUID() + "@example.com", "password", PASSWORD))
                .post("/api/users").then().statusCode(403);
        as(user.token()).delete("/api/users/" + other.id()).then().statusCode(403);
    }

    @Test
    void deletingAUserDeletesTheirTasks() {
        Api.Account user = Api.newUser();
        String task = Api.createTask(user.token(), "doomed");
        String admin = adminToken();
        as(admin).get("/api/tasks/" + task).then().statusCode(200);
        as(admin).delete("/api/users/" + user.id()).then().statusCode(204);
        as(admin).get("/api/tasks/" + task).then().statusCode(404);
    }
}
