package dev.conveyor.infra.control.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogLineTest {

    private static final LogSource WORKER = new LogSource(Path.of("/logs/go-style-worker-2.log"), "go-style-worker");
    private static final Instant READ_AT = Instant.parse("2026-01-31T10:00:00Z");

    @Test
    void keepsAContractLineAndAddsWhereItWasRead() {
        LogLine line = new LogLine(WORKER, "f1", 120, "{\"@timestamp\":\"2026-01-31T09:59:59.5Z\",\"log.level\":\"INFO\","
                + "\"message\":\"run started\",\"service.name\":\"go-style-worker\",\"trace.id\":\"t1\","
                + "\"labels\":{\"run_id\":\"r1\"}}");

        LogLine.Document document = line.document(READ_AT);

        assertEquals("logs-conveyor-go-style-worker", document.index());
        assertEquals("f1:120", document.id());
        Map<String, Object> fields = Json.parseObject(document.source());
        assertEquals("2026-01-31T09:59:59.5Z", fields.get("@timestamp"));
        assertEquals("r1", FieldPaths.get(fields, "labels.run_id"));
        assertEquals("t1", fields.get("trace.id"));
        assertEquals("/logs/go-style-worker-2.log", fields.get("log.file.path"));
        assertEquals(new BigDecimal(120), fields.get("log.offset"));
    }

    @Test
    void renamesQuarkusConsoleJsonToTheContract() {
        LogLine line = new LogLine(WORKER, "f1", 0, "{\"timestamp\":\"2026-01-31T09:59:59Z\",\"level\":\"ERROR\","
                + "\"loggerName\":\"dev.conveyor.Worker\",\"message\":\"failed\",\"mdc\":{\"traceId\":\"t1\","
                + "\"spanId\":\"s1\",\"sampled\":\"true\",\"run_id\":\"r1\",\"task_id\":\"k1\",\"user_id\":\"u1\"},"
                + "\"error.stack_trace\":\"java.lang.IllegalStateException\"}");

        Map<String, Object> fields = Json.parseObject(line.document(READ_AT).source());

        assertEquals(Map.ofEntries(
                Map.entry("@timestamp", "2026-01-31T09:59:59Z"),
                Map.entry("log.level", "ERROR"),
                Map.entry("log.logger", "dev.conveyor.Worker"),
                Map.entry("message", "failed"),
                Map.entry("mdc", Map.of("sampled", "true")),
                Map.entry("trace.id", "t1"),
                Map.entry("span.id", "s1"),
                Map.entry("labels.run_id", "r1"),
                Map.entry("labels.task_id", "k1"),
                Map.entry("labels.user_id", "u1"),
                Map.entry("error.stacktrace", "java.lang.IllegalStateException"),
                Map.entry("service.name", "go-style-worker"),
                Map.entry("log.file.path", "/logs/go-style-worker-2.log"),
                Map.entry("log.offset", BigDecimal.ZERO)), fields);
    }

    @Test
    void wrapsALineThatIsNotAJsonObjectAsItsMessage() {
        LogLine line = new LogLine(WORKER, "f1", 7, "WARNING: A \"restricted\" method in java.lang.System was called");

        LogLine.Document document = line.document(READ_AT);

        assertEquals("logs-conveyor-go-style-worker", document.index());
        assertEquals(Map.of("@timestamp", "2026-01-31T10:00:00Z",
                "message", "WARNING: A \"restricted\" method in java.lang.System was called",
                "service.name", "go-style-worker",
                "log.file.path", "/logs/go-style-worker-2.log",
                "log.offset", new BigDecimal(7)), Json.parseObject(document.source()));
        assertEquals("[1, 2]", Json.parseObject(new LogLine(WORKER, "f1", 7, "[1, 2]").document(READ_AT).source())
                .get("message"));
    }

    @Test
    void sendsALineWithAnUnusableServiceNameToTheUnknownIndex() {
        LogLine line = new LogLine(WORKER, "f1", 0, "{\"service.name\":\"Bad Name!\",\"message\":\"m\"}");

        assertEquals("logs-conveyor-unknown", line.document(READ_AT).index());
        assertEquals("logs-conveyor-go-style-worker", line.asMessage(READ_AT).index());
    }
}
