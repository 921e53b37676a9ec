package dev.conveyor.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conveyor.proto.AuthServiceGrpc;
import dev.conveyor.proto.LoginRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Five failed logins for an email within 15 minutes lock it (REST and gRPC); a success forgets the failures. */
@QuarkusTest
class LoginLockoutTest {

    @Test
    void theSixthLoginAfterFiveFailuresIs429EvenWithTheRightPassword() {
        Api.Account user = Api.newUser();
        Api.Account bystander = Api.newUser();
        for (int i = 0; i < 5; i++) {
            login(user.email(), "wrong-password").then().statusCode(401);
        }

        Response locked = login(user.email().toUpperCase(), Api.PASSWORD);
        locked.then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:conveyor:problem:too-many-requests"))
                .body("detail", startsWith("Too many failed logins for this email: try again in "));
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 900, "Retry-After " + retryAfter);

        StatusRuntimeException grpc = assertThrows(StatusRuntimeException.class, () -> AuthServiceGrpc
                .newBlockingStub(Grpc.channel())
                .login(LoginRequest.newBuilder().setEmail(user.email()).setPassword(Api.PASSWORD).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, grpc.getStatus().getCode());

        login(bystander.email(), Api.PASSWORD).then().statusCode(200);
    }

    @Test
    void aSuccessfulLoginForgetsEarlierFailures() {
        Api.Account user = Api.newUser();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                login(user.email(), "wrong-password").then().statusCode(401);
            }
            login(user.email(), Api.PASSWORD).then().statusCode(200);
        }
    }

    @Test
    void unknownEmailsAreCountedAlike() {
        String nobody = "nobody-" + java.util.UUID.randomUUID() + "@example.com";
        for (int i = 0; i < 5; i++) {
            login(nobody, "whatever-password").then().statusCode(401);
        }
        login(nobody, "whatever-password").then().statusCode(429);
    }

    private static Response login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password)).post("/api/login");
    }
}
