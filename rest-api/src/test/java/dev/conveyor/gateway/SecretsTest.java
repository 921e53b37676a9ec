package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * Neither a password nor its hash shows in any response or in any log line, whatever the request's fate; nor does an
 * email or a token in any log line.
 */
@QuarkusTest
class SecretsTest {

    @Inject
    Pool database;

    @Test
    void noPasswordOrHashInResponsesOrLogs() {
        String password = "secret-" + UUID.randomUUID();
        String changed = "changed-" + UUID.randomUUID();
        String email = "secret-" + UUID.randomUUID() + "@example.com";
        String admin = Api.adminToken();
        List<String> responses = new ArrayList<>();
        LogCapture logs = LogCapture.install();
        try {
            String created = as(admin).body(Map.of("name", "Secretive", "email", email, "password", password))
                    .post("/api/users").then().statusCode(201).extract().asString();
            responses.add(created);
            String duplicate = as(admin).body(Map.of("name", "Secretive", "email", email, "password", password))
                    .post("/api/users").then().statusCode(409).extract().asString();
            responses.add(duplicate);
            String userId = io.restassured.path.json.JsonPath.from(created).getString("id");
            responses.add(login(email, password, 200));
            responses.add(login(email, password + "x", 401));
            responses.add(as(admin).get("/api/users/" + userId).then().statusCode(200).extract().asString());
            responses.add(as(admin).get("/api/users?size=100").then().statusCode(200).extract().asString());
            responses.add(as(admin).body(Map.of("name", "Secretive", "email", email, "password", changed))
                    .put("/api/users/" + userId).then().statusCode(200).extract().asString());
            responses.add(as(admin).body(Map.of("name", "Secretive", "email", email, "password", 12345))
                    .put("/api/users/" + userId).then().statusCode(400).extract().asString());
            responses.add(login(email, changed, 200));
            String hash = database.preparedQuery("SELECT password_hash FROM app_user WHERE id = $1")
                    .execute(Tuple.of(UUID.fromString(userId))).await().atMost(Duration.ofSeconds(10))
                    .iterator().next().getString(0);
            assertTrue(hash.startsWith("$2"), "bcrypt hash expected");

            for (String secret : List.of(password, changed, hash, hash.substring(7))) {
                for (String response : responses) {
                    assertFalse(response.contains(secret), "A response contains a secret: " + response);
                }
                for (String line : logs.lines()) {
                    assertFalse(line.contains(secret), "A log line contains a secret: " + line);
                }
            }
            // Logs hold ids only (observability/LOGS.md): not the email either, nor a token.
            for (String personal : List.of(email, admin)) {
                for (String line : logs.lines()) {
                    assertFalse(line.contains(personal), "A log line contains an email or a token: " + line);
                }
            }
        } finally {
            logs.remove();
        }
    }

    private static String login(String email, String password, int status) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/api/login").then().statusCode(status).extract().asString();
    }

    /** Every record the application logs, with its stack trace, while installed on the root logger. */
    static final class LogCapture extends Handler {

        private final List<String> lines = new CopyOnWriteArrayList<>();

        static LogCapture install() {
            LogCapture capture = new LogCapture();
            Logger.getLogger("").addHandler(capture);
            return capture;
        }

        void remove() {
            Logger.getLogger("").removeHandler(this);
        }

        List<String> lines() {
            return lines;
        }

        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            StringWriter trace = new StringWriter();
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(trace));
            }
            lines.add(record.getLoggerName() + " " + message + " " + trace);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
