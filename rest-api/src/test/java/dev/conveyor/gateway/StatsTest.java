package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conveyor.proto.ActionStats;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Stats;
import dev.conveyor.proto.StatusCount;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** GET /api/stats relays the updater's GetStats: a user's own runs, all runs for an admin. */
@QuarkusTest
class StatsTest {

    @Test
    void usersGetTheirOwnStatisticsAndAdminsEverybodys() {
        Api.Account user = Api.newUser();
        FakeHistoryService.STATS.put(user.id(), Stats.newBuilder()
                .setTotal(3)
                .addByStatus(count(RunStatus.SUCCEEDED, 2))
                .addByStatus(count(RunStatus.DEAD, 1))
                .addByAction(ActionStats.newBuilder().setAction("primes")
                        .addByStatus(count(RunStatus.SUCCEEDED, 2))
                        .putResultTotals("count", 2504))
                .addByAction(ActionStats.newBuilder().setAction("fail").addByStatus(count(RunStatus.DEAD, 1)))
                .build());
        FakeHistoryService.STATS.put("", Stats.newBuilder().setTotal(42).build());

        as(user.token()).get("/api/stats").then().statusCode(200)
                .body("total", equalTo(3))
                .body("byStatus.SUCCEEDED", equalTo(2))
                .body("byStatus.DEAD", equalTo(1))
                .body("byAction.primes.byStatus.SUCCEEDED", equalTo(2))
                .body("byAction.primes.resultTotals.count", equalTo(2504.0f))
                .body("byAction.fail.byStatus.DEAD", equalTo(1));
        assertEquals(user.id(), FakeHistoryService.STATS_REQUESTS.getLast().getOwnerId());

        as(Api.adminToken()).get("/api/stats").then().statusCode(200).body("total", equalTo(42));
        assertEquals("", FakeHistoryService.STATS_REQUESTS.getLast().getOwnerId());

        io.restassured.RestAssured.given().get("/api/stats").then().statusCode(401)
                .contentType("application/problem+json");
    }

    private static StatusCount count(RunStatus status, long count) {
        return StatusCount.newBuilder().setStatus(status).setCount(count).build();
    }
}
