package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TaskResourceTest {

    @Test
    void ownerCreatesReadsListsUpdatesAndDeletesATask() {
        Api.Account owner = Api.newUser();
        String location = as(owner.token())
                .body(Map.of("title", "count primes", "description", "up to a thousand", "action", "primes",
                        "input", Map.of("limit", 1000), "priority", "HIGH"))
                .post("/api/tasks")
                .then().statusCode(201)
                .body("ownerId", equalTo(owner.id()))
                .body("priority", equalTo("HIGH"))
                .body("maxAttempts", equalTo(3))
                .body("timeoutMs", equalTo(30000))
                .body("input.limit", equalTo(1000))
                .extract().header("Location");
        String id = as(owner.token()).get(location).then().statusCode(200).extract().path("id");

        as(owner.token()).get("/api/tasks?priority=HIGH&action=primes").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(id));
        as(owner.token()).get("/api/tasks?priority=LOW").then().statusCode(200).body("total", equalTo(0));

        as(owner.token()).body(Map.of("title", "count more primes", "action", "primes", "input", Map.of("limit", 5000),
                        "maxAttempts", 5))
                .put("/api/tasks/" + id)
                .then().statusCode(200)
                .body("title", equalTo("count more primes"))
                .body("priority", equalTo("MEDIUM"))
                .body("maxAttempts", equalTo(5));

        as(owner.token()).delete("/api/tasks/" + id).then().statusCode(204);
        as(owner.token()).get("/api/tasks/" + id).then().statusCode(404);
    }

    @Test
    void titlesAreUniquePerOwner() {
        Api.Account owner = Api.newUser();
        Api.createTask(owner.token(), "same title");
        as(owner.token()).body(Api.task("same title")).post("/api/tasks")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("You already have a task titled 'same title'"));
        Api.createTask(Api.newUser().token(), "same title");
    }

    @Test
    void missingAndOutOfRangeFieldsAreReportedByName() {
        Map<String, Object> body = new HashMap<>(Api.task("t"));
        body.remove("title");
        body.put("maxAttempts", 11);
        body.put("timeoutMs", 50);
        as(Api.newUser().token()).body(body).post("/api/tasks")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:validation"))
                .body("instance", equalTo("/api/tasks"))
                .body("violations.field", org.hamcrest.Matchers.contains("maxAttempts", "timeoutMs", "title"))
                .body("detail", containsString("maxAttempts: must be less than or equal to 10"));
    }

    @Test
    void unknownActionsListTheKnownOnes() {
        as(Api.newUser().token()).body(Map.of("title", "t", "action", "teleport", "input", Map.of()))
                .post("/api/tasks")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:unknown-action"))
                .body("detail", containsString("'teleport'"))
                .body("detail", containsString("primes"));
    }

    @Test
    void actionInputsAreCheckedAgainstTheActionsSchema() {
        as(Api.newUser().token()).body(Map.of("title", "t", "action", "primes", "input", Map.of("limit", 1)))
                .post("/api/tasks")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("input.limit"));
        as(Api.newUser().token()).body(Map.of("title", "t", "action", "primes", "input", "limit=5"))
                .post("/api/tasks")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("input"))
                .body("violations[0].message", equalTo("must be a JSON object"));
    }

    @Test
    void wrongJsonTypesNameTheField() {
        String token = Api.newUser().token();
        as(token).body("{\"title\":\"t\",\"action\":\"primes\",\"input\":{\"limit\":10},\"maxAttempts\":\"three\"}")
                .post("/api/tasks")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("maxAttempts"))
                .body("violations[0].message", equalTo("must be a number"));
        as(token).body("{\"title\":\"t\",\"action\":\"primes\",\"input\":{\"limit\":10},\"priority\":\"URGENT\"}")
                .post("/api/tasks")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("priority"))
                .body("violations[0].message", equalTo("'URGENT' is not one of LOW, MEDIUM, HIGH"));
    }

    @Test
    void malformedJsonIsA400Problem() {
        as(Api.newUser().token()).body("{\"title\": \"t\",")
                .post("/api/tasks")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:malformed-body"))
                .body("detail", startsWith("The body is not valid JSON"));
    }

    @Test
    void oversizedBodiesAreRefusedWith413() {
        String description = "x".repeat(1_100_000);
        as(Api.newUser().token()).body(Map.of("title", "t", "action", "primes", "input", Map.of("limit", 10),
                        "description", description))
                .post("/api/tasks")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:payload-too-large"));
    }

    @Test
    void otherMediaTypesAreRefusedWith415() {
        given().auth().oauth2(Api.newUser().token()).contentType(ContentType.TEXT).body("title=t")
                .post("/api/tasks")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:unsupported-media-type"));
    }

    @Test
    void anotherUsersTaskDoesNotExistForYou() {
        String task = Api.createTask(Api.newUser().token(), "private");
        String intruder = Api.newUser().token();
        as(intruder).get("/api/tasks/" + task).then().statusCode(404).contentType("application/problem+json");
        as(intruder).body(Api.task("mine now")).put("/api/tasks/" + task).then().statusCode(404);
        as(intruder).delete("/api/tasks/" + task).then().statusCode(404);
        as(intruder).post("/api/tasks/" + task + "/launch").then().statusCode(404);
        as(intruder).get("/api/tasks").then().statusCode(200).body("items.id", everyItem(org.hamcrest.Matchers.not(task)));
        as(Api.adminToken()).get("/api/tasks/" + task).then().statusCode(200);
    }
}
