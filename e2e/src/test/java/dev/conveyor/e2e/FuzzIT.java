package dev.conveyor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated hostile requests against the packaged gateway: malformed and oversize bodies, hostile query
 * strings, path segments and headers, garbage gRPC messages. Every one must get a 4xx (or its gRPC equivalent), never
 * a 5xx, and the owner's data must be exactly as before. The seed is printed so a failure can be replayed with
 * {@code -Dfuzz.seed=...}.
 */
class FuzzIT {

    private static final int REST_CASES = 3_000;
    private static final int GRPC_CASES = 1_000;
    private static final Set<Status.Code> GRPC_CLIENT_ERRORS = Set.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.NOT_FOUND, Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED,
            Status.Code.FAILED_PRECONDITION, Status.Code.ALREADY_EXISTS, Status.Code.OUT_OF_RANGE,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNIMPLEMENTED);

    private static final List<String> HOSTILE_VALUES = List.of("", " ", "-1", "0", "2147483648", "-9223372036854775809",
            "1e309", "NaN", "null", "true", "[]", "{}", "' OR '1'='1", "\"; DROP TABLE users; --", "../../etc/passwd",
            "%00", "%2e%2e%2f", "\u0000", "\uFFFF", "😀".repeat(50), "<script>alert(1)</script>", "${jndi:ldap://x}",
            "A".repeat(5_000), UUID.randomUUID().toString(), "QUEUED,RUNNING", "status", "__proto__");

    private static final Pattern RUN_ID = Pattern.compile("[{,]\"id\":\"([0-9a-f-]{36})\"");

    private static HttpClient http;
    private static String gateway;
    private static String ownerToken;
    private static String otherToken;
    private static String taskId;
    private static String runId;
    private static ManagedChannel channel;
    private static Random random;

    @BeforeAll
    static void setUp() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.printf("[fuzz] seed %d%n", seed);
        random = new Random(seed);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        gateway = RunningStack.get().gateway().url();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", RunningStack.get().gateway().port())
                .usePlaintext().build();

        RestClient api = new RestClient(gateway);
        String admin = api.login(RunningStack.ADMIN_EMAIL, RunningStack.ADMIN_PASSWORD);
        String owner = "fuzz-owner-" + UUID.randomUUID() + "@example.com";
        String other = "fuzz-other-" + UUID.randomUUID() + "@example.com";
        api.createUser(admin, "Owner", owner, "correct-horse-battery");
        api.createUser(admin, "Other", other, "correct-horse-battery");
        ownerToken = api.login(owner, "correct-horse-battery");
        otherToken = api.login(other, "correct-horse-battery");
        taskId = api.createTask(ownerToken, "fuzz target", "sum", Map.of("numbers", List.of(1, 2)));
        runId = api.launch(ownerToken, taskId).statusCode(202).extract().path("id");
        // The history is recorded asynchronously: the tests compare the owner's state before and after, so it
        // must include this run first.
        await().atMost(Duration.ofSeconds(30)).until(() -> ownerState().contains(runId));
    }

    @AfterAll
    static void tearDown() {
        channel.shutdownNow();
    }

    @Test
    void hostileRestRequestsGetA4xxAndChangeNothing() {
        String before = ownerState();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> notRefused = new ArrayList<>();
        List<Supplier<HttpRequest>> generators = List.of(
                this::malformedTaskBody, this::malformedLaunch, this::malformedBatch, this::hostileQuery,
                this::hostilePath, this::hostileHeaders, this::malformedLogin, this::malformedUserUpdate);
        for (int i = 0; i < REST_CASES; i++) {
            HttpRequest request = generators.get(random.nextInt(generators.size())).get();
            HttpResponse<String> response = send(request);
            byStatus.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() >= 500 || response.statusCode() < 400) {
                notRefused.add(request.method() + " " + request.uri() + " -> " + response.statusCode() + " "
                        + abbreviate(response.body()));
            }
        }
        System.out.printf("[fuzz] %d REST requests by status %s%n", REST_CASES, byStatus);
        assertThat(notRefused).as("hostile requests not answered with a 4xx").isEmpty();
        assertThat(ownerState()).as("the owner's tasks and runs").isEqualTo(before);
    }

    @Test
    void garbageGrpcMessagesGetAClientErrorAndChangeNothing() {
        String before = ownerState();
        List<String> methods = List.of("conveyor.v1.AuthService/Login", "conveyor.v1.UserService/CreateUser",
                "conveyor.v1.UserService/GetUser", "conveyor.v1.UserService/UpdateUser",
                "conveyor.v1.TaskService/CreateTask", "conveyor.v1.TaskService/GetTask",
                "conveyor.v1.TaskService/UpdateTask", "conveyor.v1.TaskService/DeleteTask",
                "conveyor.v1.TaskService/ListTasks", "conveyor.v1.RunService/Launch",
                "conveyor.v1.RunService/LaunchBatch", "conveyor.v1.RunService/GetRun",
                "conveyor.v1.RunService/ListRuns", "conveyor.v1.RunService/CancelRun",
                "conveyor.v1.RunService/RetryRun");
        Map<Status.Code, Integer> byCode = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < GRPC_CASES; i++) {
            String method = methods.get(random.nextInt(methods.size()));
            String token = random.nextInt(4) == 0 ? "garbage." + random.nextInt() : ownerToken;
            byte[] message = garbageProtobuf();
            Status.Code code = callRaw(method, token, message);
            byCode.merge(code, 1, Integer::sum);
            // Garbage can decode into a valid listing request (every field optional): reads may succeed.
            boolean harmlessRead = code == Status.Code.OK && method.contains("/List");
            if (!GRPC_CLIENT_ERRORS.contains(code) && !harmlessRead) {
                unexpected.add(method + " with " + message.length + " bytes -> " + code);
            }
        }
        System.out.printf("[fuzz] %d gRPC calls by status %s%n", GRPC_CASES, byCode);
        assertThat(unexpected).as("garbage gRPC calls not answered with a client error").isEmpty();
        assertThat(ownerState()).as("the owner's tasks and runs").isEqualTo(before);
    }

    @Test
    void anotherUserIsRefusedOnEveryEndpointWhileTheOwnerIsNot() {
        String before = ownerState();
        Map<String, HttpRequest.Builder> crossUser = new TreeMap<>(Map.of(
                "GET task", get("/api/tasks/" + taskId),
                "PUT task", json("PUT", "/api/tasks/" + taskId,
                        "{\"title\":\"stolen\",\"action\":\"sum\",\"input\":{\"numbers\":[1]}}"),
                "DELETE task", HttpRequest.newBuilder(uri("/api/tasks/" + taskId)).DELETE(),
                "launch", json("POST", "/api/tasks/" + taskId + "/launch", ""),
                "batch launch", json("POST", "/api/launches", "{\"launches\":[{\"taskId\":\"" + taskId + "\"}]}"),
                "GET run", get("/api/histories/" + runId),
                "cancel run", json("POST", "/api/histories/" + runId + "/cancel", ""),
                "retry run", json("POST", "/api/histories/" + runId + "/retry", ""),
                "run events", get("/api/histories/" + runId + "/events")));
        List<String> leaks = new ArrayList<>();
        crossUser.forEach((name, request) -> {
            int status = send(request.copy().header("Authorization", "Bearer " + otherToken).build()).statusCode();
            if (status != 404 && status != 403) {
                leaks.add(name + " -> " + status);
            }
        });
        assertThat(leaks).as("another user's calls on the owner's task and run").isEmpty();
        assertThat(ownerState()).as("the owner's tasks and runs").isEqualTo(before);

        // The same requests are not refused for their owner, so the refusals above are about ownership.
        for (String name : List.of("GET task", "GET run")) {
            assertThat(send(crossUser.get(name).copy().header("Authorization", "Bearer " + ownerToken).build())
                    .statusCode()).as(name + " by the owner").isEqualTo(200);
        }
        assertThat(send(crossUser.get("retry run").copy().header("Authorization", "Bearer " + ownerToken).build())
                .statusCode()).as("retry of a run that is not DEAD or FAILED, by the owner").isEqualTo(409);
    }

    // --- generators: each one yields a request that must be refused --------------------------------------------

    private HttpRequest malformedTaskBody() {
        String body = switch (random.nextInt(9)) {
            case 0 -> "{\"title\":" + jsonString(pick()) + ",\"input\":{\"numbers\":[1]}}";
            case 1 -> "{\"title\":\"t\",\"action\":" + jsonString(pick() + "-no-such-action") + ",\"input\":{}}";
            case 2 -> "{\"title\":\"t\",\"action\":\"primes\",\"input\":{\"limit\":" + jsonString(pick()) + "}}";
            case 3 -> "{\"title\":\"t\",\"action\":\"sum\",\"input\":{\"numbers\":[1]},\"maxAttempts\":"
                    + (random.nextBoolean() ? "0" : "11") + "}";
            case 4 -> "{\"title\":\"" + "x".repeat(300 + random.nextInt(2_000)) + "\",\"action\":\"sum\","
                    + "\"input\":{\"numbers\":[1]}}";
            case 5 -> "[".repeat(1 + random.nextInt(5_000));
            case 6 -> truncate("{\"title\":\"t\",\"action\":\"sum\",\"input\":{\"numbers\":[1,2,3]}}");
            case 7 -> "{\"title\":\"t\",\"action\":\"hash\",\"input\":{\"text\":\"" + "y".repeat(2_000_000) + "\"}}";
            default -> randomText(random.nextInt(200));
        };
        return withOwner(json(random.nextBoolean() ? "POST" : "PUT",
                random.nextBoolean() ? "/api/tasks" : "/api/tasks/" + taskId, body));
    }

    private HttpRequest malformedLaunch() {
        String id = random.nextBoolean() ? encode(pick()) : UUID.randomUUID().toString();
        return withOwner(json("POST", "/api/tasks/" + id + "/launch", ""));
    }

    private HttpRequest malformedBatch() {
        String body = switch (random.nextInt(5)) {
            case 0 -> "{\"launches\":[]}";
            case 1 -> "{\"launches\":[{\"taskId\":" + jsonString(pick()) + "}]}";
            case 2 -> "{\"launches\":[{\"taskId\":\"" + taskId + "\"},{\"taskId\":\"" + UUID.randomUUID() + "\"}]}";
            case 3 -> "{\"launches\":[" + ("{\"taskId\":\"" + taskId + "\"},").repeat(1_001) + "{}]}";
            default -> "{\"launches\":" + jsonString(pick()) + "}";
        };
        return withOwner(json("POST", "/api/launches", body));
    }

    private HttpRequest hostileQuery() {
        String path = random.nextBoolean() ? "/api/tasks" : "/api/histories";
        String[] params = {"page", "size", "status", "action", "taskId", "sort"};
        StringBuilder query = new StringBuilder("?");
        int count = 1 + random.nextInt(3);
        boolean surelyInvalid = false;
        for (int i = 0; i < count; i++) {
            String param = params[random.nextInt(params.length)];
            String value = pick();
            // A blank page or size means the default, so it is not invalid.
            surelyInvalid |= (param.equals("page") || param.equals("size"))
                    && !value.isBlank() && !value.matches("\\d{1,2}");
            query.append(param).append('=').append(encode(value)).append('&');
        }
        if (!surelyInvalid) {
            // First, so it is the value read when the generated parameters repeat it.
            query.insert(1, "size=" + encode(random.nextBoolean() ? "-3" : "100000") + "&");
        }
        return withOwner(get(path + query));
    }

    private HttpRequest hostilePath() {
        // Never blank: "/api/tasks/" is the list itself.
        String value = pick();
        String segment = encode(value.isBlank() ? "%00" : value);
        String path = switch (random.nextInt(4)) {
            case 0 -> "/api/tasks/" + segment;
            case 1 -> "/api/histories/" + segment;
            case 2 -> "/api/histories/" + segment + "/cancel";
            default -> "/api/users/" + segment;
        };
        HttpRequest.Builder request = path.endsWith("/cancel") ? json("POST", path, "") : get(path);
        return withOwner(request);
    }

    private HttpRequest hostileHeaders() {
        HttpRequest.Builder request = json("POST", "/api/tasks/" + taskId + "/launch", "");
        return switch (random.nextInt(4)) {
            case 0 -> request.header("Authorization", "Bearer " + mangle(ownerToken)).build();
            // Header values are visible ASCII on the wire: what a client can send at all.
            case 1 -> request.header("Authorization", pick().replaceAll("[^\\x21-\\x7e]", "") + " x").build();
            case 2 -> request.header("Authorization", "Bearer " + noneAlgorithmToken()).build();
            default -> withOwner(json("POST", "/api/tasks", "{\"title\":\"t\"}")
                    .setHeader("Content-Type", random.nextBoolean() ? "text/plain" : "application/xml"));
        };
    }

    private HttpRequest malformedLogin() {
        String body = switch (random.nextInt(4)) {
            case 0 -> "{\"email\":" + jsonString(pick()) + "}";
            case 1 -> "{\"email\":\"nobody-" + random.nextInt(1_000_000) + "@example.com\",\"password\":"
                    + jsonString(pick()) + "}";
            case 2 -> truncate("{\"email\":\"a@b.c\",\"password\":\"secret\"}");
            default -> randomText(random.nextInt(100));
        };
        return json("POST", "/api/login", body).build();
    }

    private HttpRequest malformedUserUpdate() {
        // A registered user may not manage users, whatever the body.
        return withOwner(json(random.nextBoolean() ? "POST" : "PUT",
                random.nextBoolean() ? "/api/users" : "/api/users/" + UUID.randomUUID(),
                "{\"name\":" + jsonString(pick()) + ",\"role\":\"ADMIN\"}"));
    }

    private byte[] garbageProtobuf() {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        if (random.nextBoolean() && bytes.length > 2) {
            // A plausible field 1 (length-delimited) whose length overruns the message.
            bytes[0] = 0x0a;
            bytes[1] = (byte) 0x7f;
        }
        return bytes;
    }

    // --- plumbing -----------------------------------------------------------------------------------------------

    /** What the owner has, fetched fresh: the tasks with their content, and the ids of the runs. */
    private static String ownerState() {
        String tasks = send(withOwner(get("/api/tasks?size=100"))).body();
        Matcher ids = RUN_ID.matcher(send(withOwner(get("/api/histories?size=100"))).body());
        Set<String> runIds = new TreeSet<>();
        while (ids.find()) {
            runIds.add(ids.group(1));
        }
        return tasks + " runs " + runIds;
    }

    private Status.Code callRaw(String fullMethod, String token, byte[] message) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullMethod)
                .setRequestMarshaller(RawBytes.INSTANCE)
                .setResponseMarshaller(RawBytes.INSTANCE)
                .build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        Channel authenticated = ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(headers));
        try {
            ClientCalls.blockingUnaryCall(authenticated.newCall(method,
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)), message);
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest withOwner(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + ownerToken).build();
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
    }

    private static HttpRequest.Builder json(String method, String path, String body) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
    }

    private static URI uri(String path) {
        return URI.create(gateway + path);
    }

    private String pick() {
        return HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size()));
    }

    private String truncate(String json) {
        return json.substring(0, 1 + random.nextInt(json.length() - 1));
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0xD7FF)));
        }
        return text.toString();
    }

    /**
     * Changes one character, never the last: the signature's last base64url character also carries padding bits that
     * decoders ignore, so changing only those leaves the very same signature (a CI run met that 202).
     */
    private String mangle(String token) {
        char[] chars = token.toCharArray();
        int at = random.nextInt(chars.length - 1);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    /** An unsigned token claiming to be an admin: must be refused, never trusted. */
    private static String noneAlgorithmToken() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"sub\":\"" + UUID.randomUUID() + "\",\"groups\":[\"ADMIN\"],"
                + "\"iss\":\"https://conveyor.local\",\"aud\":\"conveyor-api\",\"exp\":4102444800}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    private static String jsonString(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    /** gRPC messages as raw bytes, so a test can send what no generated stub would. */
    private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
