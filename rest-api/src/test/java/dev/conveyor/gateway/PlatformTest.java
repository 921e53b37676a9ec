package dev.conveyor.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** API docs, health and metrics, as operators and client developers see them. */
@QuarkusTest
class PlatformTest {

    @Test
    void everyEndpointIsInTheOpenApiDocument() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/login"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/tasks/{id}/launch"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/histories/{id}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/launches"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/histories/{id}/cancel"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/histories/{id}/retry"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/histories/{id}/events"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/stats"))
                .body("paths.'/api/launches'.post.responses.'413'.content", org.hamcrest.Matchers.hasKey("application/problem+json"))
                .body("paths.'/api/login'.post.responses", org.hamcrest.Matchers.hasKey("429"))
                .body("paths.'/api/tasks'.post.responses.'409'.content", org.hamcrest.Matchers.hasKey("application/problem+json"))
                .body("paths.'/api/tasks'.get.responses.'401'.content", org.hamcrest.Matchers.hasKey("application/problem+json"))
                .body("paths.'/api/users'.get.responses", org.hamcrest.Matchers.hasKey("403"))
                .body("components.schemas", org.hamcrest.Matchers.hasKey("Problem"));
    }

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem(containsString("Reactive PostgreSQL")))
                .body("checks.name", org.hamcrest.Matchers.hasItem(containsString("Messaging")));
    }

    @Test
    void theOutboxAndLaunchMetricsAreExposed() {
        Api.Account owner = Api.newUser();
        Api.as(owner.token()).post("/api/tasks/" + Api.createTask(owner.token(), "counted") + "/launch")
                .then().statusCode(202);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("conveyor_outbox_backlog"))
                .body(containsString("conveyor_outbox_oldest_age_seconds"))
                .body(containsString("conveyor_outbox_published_total"))
                .body(containsString("conveyor_runs_launched_total{action=\"primes\",application=\"rest-api\"}"))
                // Templated uris, and the SLO buckets for the latency panels and the launch SLO.
                .body(containsString("uri=\"/api/tasks/{id}/launch\""))
                .body(containsString("http_server_requests_seconds_bucket{application=\"rest-api\""))
                .body(containsString("le=\"30.0\""));
    }

    @Test
    void unknownPathsAreProblemsToo() {
        given().get("/api/nothing-here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("No resource at /api/nothing-here"));
    }
}
