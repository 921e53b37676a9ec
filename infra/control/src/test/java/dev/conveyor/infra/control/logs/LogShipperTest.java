package dev.conveyor.infra.control.logs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.conveyor.infra.control.EmbeddedInfrastructure;
import dev.conveyor.infra.control.EmbeddedServer;
import dev.conveyor.infra.control.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipper against a real OpenSearch node in its own JVM, found again the way an operator searches. Searches are
 * retried while they fail too: a new index is not searchable until its shard has started.
 */
class LogShipperTest {

    /** Small batches and short waits, so a handful of lines takes several bulk requests and retries come quickly. */
    private static final LogShipper.Settings QUICK = new LogShipper.Settings(2, 1 << 20, Duration.ofMillis(200),
            Duration.ofMillis(50), Duration.ofSeconds(1));
    private static final Instant BASE = Instant.now().minusSeconds(600);

    private static Path dir;
    private static EmbeddedServer search;
    private static LogSearch logs;

    private final List<LogShipper> shippers = new ArrayList<>();

    @BeforeAll
    static void startSearchEngine() {
        dir = Path.of("target", "log-shipper-test", UUID.randomUUID().toString()).toAbsolutePath();
        search = EmbeddedInfrastructure.startSearch(ProjectLayout.locate(), EmbeddedInfrastructure.Ports.free(), dir,
                dir.resolve("logs"));
        logs = new LogSearch(search.endpoint("url"));
    }

    @AfterAll
    static void stopSearchEngine() {
        search.close();
    }

    @AfterEach
    void stopShippers() {
        shippers.forEach(LogShipper::close);
    }

    @Test
    void shipsEveryLineExactlyOnceAcrossPartialLinesRefusalsAndRestarts() throws IOException {
        String run = UUID.randomUUID().toString();
        String trace = hex(16);
        Path file = dir.resolve("services/rest-api.log");
        Path state = dir.resolve("rest-api-shipper.json");
        LogSource source = new LogSource(file, "rest-api");

        append(file, "WARNING: A terminally deprecated method in sun.misc.Unsafe has been called " + run + "\n");
        append(file, ecs(1, run, trace, "launch accepted") + "\n");
        append(file, ecs(2, run, hex(16), "published to pending-tasks") + "\n");
        append(file, quarkusConsole(3, run, trace, "outbox relayed") + "\n");
        String answered = ecs(4, run, trace, "history answered");
        append(file, answered.substring(0, 40));

        LogShipper first = ship(source, state);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertEquals(
                List.of("launch accepted", "published to pending-tasks", "outbox relayed"), messagesOfRun(run)));
        first.close();
        Path beforeSecond = Files.copy(state, dir.resolve("rest-api-shipper.stale.json"));

        // The half-written line completes while no shipper runs; then more lines, one the engine cannot map.
        append(file, answered.substring(40) + "\n");
        append(file, ecs(5, run, hex(16), "run finished") + "\n");
        String clash = "{\"@timestamp\":\"" + BASE + "\",\"message\":\"clash " + run + "\","
                + "\"labels\":{\"task_id\":{\"not\":\"a keyword\"}}}";
        append(file, clash + "\n");
        ship(source, state);
        List<String> expected = List.of("launch accepted", "published to pending-tasks", "outbox relayed",
                "history answered", "run finished");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertEquals(expected, messagesOfRun(run));
            assertEquals(List.of(clash), messagesMatching("clash " + run));
        });
        shippers.removeLast().close();

        // As if the shipper had crashed after storing the last batches but before saving its position.
        String shippedTo = Files.readString(state);
        Files.copy(beforeSecond, state, StandardCopyOption.REPLACE_EXISTING);
        ship(source, state);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> Files.readString(state).equals(shippedTo));

        logs.refresh();
        assertEquals(expected, messagesOfRun(run));
        assertEquals(List.of("launch accepted", "outbox relayed", "history answered"),
                messages(logs.withField("trace.id", trace)));
        List<Map<String, Object>> warning = logs.search(Map.of("match_phrase", Map.of("message", "called " + run)));
        assertEquals(1, warning.size());
        assertEquals("rest-api", LogSearch.field(warning.getFirst(), "service.name"));
        assertEquals(List.of(clash), messagesMatching("clash " + run));
    }

    @Test
    void theEngineKeepsItsLogsAcrossAKill9AndTheShipperCatchesUpOnceItIsBack() throws IOException {
        String run = UUID.randomUUID().toString();
        Path file = dir.resolve("services/task-updater.log");
        LogSource source = new LogSource(file, "task-updater");
        append(file, ecs(1, run, hex(16), "queued") + "\n" + ecs(2, run, hex(16), "running") + "\n");
        ship(source, dir.resolve("task-updater-shipper.json"));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertEquals(List.of("queued", "running"), messagesOfRun(run)));

        search.kill();
        assertFalse(search.isAlive());
        append(file, ecs(3, run, hex(16), "succeeded") + "\n" + ecs(4, run, hex(16), "recorded") + "\n");
        search.restart();

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertEquals(List.of("queued", "running", "succeeded", "recorded"), messagesOfRun(run)));
    }

    private LogShipper ship(LogSource source, Path state) {
        LogShipper shipper = LogShipper.start(search.endpoint("url"), state, List.of(source), QUICK);
        shippers.add(shipper);
        return shipper;
    }

    private static List<String> messagesOfRun(String run) {
        return messages(logs.withField("labels.run_id", run));
    }

    private static List<String> messagesMatching(String phrase) {
        return messages(logs.search(Map.of("match_phrase", Map.of("message", phrase))));
    }

    private static List<String> messages(List<Map<String, Object>> lines) {
        return lines.stream().map(line -> (String) line.get("message")).toList();
    }

    /**
     * A line as the contract (observability/LOGS.md) has it, except {@code service.name}, which the shipper takes from
     * the file; {@code second} orders the lines of a test.
     */
    private static String ecs(int second, String run, String trace, String message) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("@timestamp", BASE.plusSeconds(second).toString());
        line.put("log.level", "INFO");
        line.put("message", message);
        line.put("trace.id", trace);
        line.put("span.id", hex(8));
        line.put("labels.run_id", run);
        return Json.write(line);
    }

    /** A line as Quarkus' ECS console format writes it: the ids in the MDC object. */
    private static String quarkusConsole(int second, String run, String trace, String message) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("@timestamp", BASE.plusSeconds(second).toString());
        line.put("log.logger", "dev.conveyor.gateway.outbox.OutboxRelay");
        line.put("log.level", "INFO");
        line.put("message", message);
        line.put("mdc", Map.of("traceId", trace, "spanId", hex(8), "run_id", run));
        line.put("service.name", "rest-api");
        return Json.write(line);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static void append(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
