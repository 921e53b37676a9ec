package dev.conveyor.bench.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The gateway's REST API, as far as the benchmark needs it, over the JDK's HTTP client. */
public final class ConveyorApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpClient http;

    public ConveyorApi(String baseUrl, HttpClient.Version version) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String login(String email, String password) {
        ObjectNode body = JSON.createObjectNode().put("email", email).put("password", password);
        return expect(send(post("/api/login", null, body)), 200).path("accessToken").asText();
    }

    /** A REGISTERED user; returns its id. */
    public String createUser(String adminToken, String name, String email, String password) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("email", email).put("password", password)
                .put("role", "REGISTERED");
        return expect(send(post("/api/users", adminToken, body)), 201).path("id").asText();
    }

    /** A task of {@code action} with {@code inputJson}, tried once (a failure is not retried); returns its id. */
    public String createTask(String token, String title, String action, String inputJson) {
        ObjectNode body = JSON.createObjectNode().put("title", title).put("action", action).put("maxAttempts", 1);
        body.set("input", parse(inputJson));
        return expect(send(post("/api/tasks", token, body)), 201).path("id").asText();
    }

    /** Where {@code POST} launches the task: 202 with the run. */
    public String launchUrl(String taskId) {
        return baseUrl + "/api/tasks/" + taskId + "/launch";
    }

    /** {@code POST /api/tasks/{id}/launch}: 202 with the run. */
    public HttpRequest launchRequest(String token, String taskId) {
        return HttpRequest.newBuilder(URI.create(launchUrl(taskId)))
                .header("Authorization", "Bearer " + token)
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
    }

    /** {@code POST /api/launches} with one launch per task id (1..1000), in one transaction. */
    public HttpRequest batchRequest(String token, List<String> taskIds) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode launches = body.putArray("launches");
        taskIds.forEach(taskId -> launches.addObject().put("taskId", taskId));
        return post("/api/launches", token, body);
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + request.uri(), e);
        }
    }

    /** The run id of a launch's answer. */
    public static String runId(HttpResponse<String> accepted) {
        return parse(accepted.body()).path("id").asText();
    }

    /** The run ids of a batch's answer, in request order. */
    public static List<String> runIds(HttpResponse<String> accepted) {
        List<String> ids = new ArrayList<>();
        parse(accepted.body()).path("runs").forEach(run -> ids.add(run.path("id").asText()));
        return ids;
    }

    private HttpRequest post(String path, String token, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static JsonNode expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + " (expected " + status + "): " + response.body());
        }
        return parse(response.body());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + json, e);
        }
    }
}
