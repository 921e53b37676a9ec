package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunStatus;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** GET /api/histories/{id}/events relays the updater's WatchRun as server-sent events. */
@QuarkusTest
class RunEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void everyChangeIsAnEventNamedAfterTheStatusUntilTheRunEnds() {
        Api.Account owner = Api.newUser();
        Run running = Runs.run(UUID.randomUUID().toString(), UUID.randomUUID().toString(), owner.id(), RunStatus.RUNNING, 1);
        FakeHistoryService.RUNS.put(running.getId(), running);

        Stream stream = open(owner.token(), running.getId());
        await().atMost(Duration.ofSeconds(10)).until(() -> FakeHistoryService.watchers(running.getId()) == 1);
        FakeHistoryService.update(Runs.moved(running, RunStatus.RETRYING));
        FakeHistoryService.update(Runs.moved(running, RunStatus.SUCCEEDED));

        List<Event> events = stream.events();
        assertEquals(List.of("RUNNING", "RETRYING", "SUCCEEDED"), events.stream().map(Event::name).toList());
        assertEquals(running.getId(), events.getLast().data().get("id").asText());
        assertEquals("SUCCEEDED", events.getLast().data().get("status").asText());
        assertEquals(3, events.getLast().data().get("transitions").size());
        assertEquals(200, stream.status());
        assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
    }

    @Test
    void aRunJustLaunchedStartsQueuedAndFollowsOnceTheUpdaterKnowsIt() {
        Api.Account owner = Api.newUser();
        String task = Api.createTask(owner.token(), "watched");
        String run = as(owner.token()).post("/api/tasks/" + task + "/launch").then().statusCode(202).extract().path("id");

        Stream stream = open(owner.token(), run);
        // The gateway answered from its launch record; only now does the updater (the fake) learn of the run.
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.received() == 1);
        Run running = Runs.run(run, task, owner.id(), RunStatus.RUNNING, 1);
        FakeHistoryService.RUNS.put(run, running);
        await().atMost(Duration.ofSeconds(10)).until(() -> FakeHistoryService.watchers(run) == 1);
        FakeHistoryService.update(Runs.moved(running, RunStatus.FAILED));

        assertEquals(List.of("QUEUED", "RUNNING", "FAILED"), stream.events().stream().map(Event::name).toList());
    }

    @Test
    void anEndedRunIsOneEvent() {
        Api.Account owner = Api.newUser();
        Run done = Runs.run(UUID.randomUUID().toString(), UUID.randomUUID().toString(), owner.id(), RunStatus.DEAD, 3);
        FakeHistoryService.RUNS.put(done.getId(), done);
        assertEquals(List.of("DEAD"), open(owner.token(), done.getId()).events().stream().map(Event::name).toList());
    }

    @Test
    void othersRunsAndMissingTokensAreProblems() {
        Api.Account owner = Api.newUser();
        Run run = Runs.run(UUID.randomUUID().toString(), UUID.randomUUID().toString(), owner.id(), RunStatus.RUNNING, 1);
        FakeHistoryService.RUNS.put(run.getId(), run);

        as(Api.newUser().token()).accept("text/event-stream").get("/api/histories/" + run.getId() + "/events")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("Run " + run.getId() + " does not exist"));
        io.restassured.RestAssured.given().accept("text/event-stream").get("/api/histories/" + run.getId() + "/events")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    private Stream open(String token, String runId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/histories/" + runId + "/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        return new Stream(HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines()));
    }

    record Event(String name, JsonNode data) {
    }

    /** Collects the events of one SSE response as they arrive. */
    static final class Stream {

        private final CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response;
        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> ended;

        Stream(CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response) {
            this.response = response;
            this.ended = response.thenAcceptAsync(this::read);
        }

        /** Every event, once the server has ended the stream. */
        List<Event> events() {
            await().atMost(Duration.ofSeconds(30)).until(ended::isDone);
            ended.join();
            return List.copyOf(events);
        }

        int received() {
            return events.size();
        }

        int status() {
            return response.join().statusCode();
        }

        String contentType() {
            return response.join().headers().firstValue("Content-Type").orElse("");
        }

        private void read(HttpResponse<java.util.stream.Stream<String>> response) {
            List<String> lines = new ArrayList<>();
            response.body().forEach(line -> {
                if (line.isEmpty()) {
                    lines.stream().filter(l -> l.startsWith("event:")).findFirst().ifPresent(name ->
                            events.add(new Event(name.substring("event:".length()).trim(), data(lines))));
                    lines.clear();
                } else {
                    lines.add(line);
                }
            });
        }

        private static JsonNode data(List<String> lines) {
            try {
                return JSON.readTree(String.join("\n", lines.stream()
                        .filter(l -> l.startsWith("data:"))
                        .map(l -> l.substring("data:".length()))
                        .toList()));
            } catch (IOException e) {
                throw new AssertionError("An event's data is not JSON: " + lines, e);
            }
        }
    }
}
