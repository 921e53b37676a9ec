package dev.conveyor.worker.kafka;

import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CloudEventHeadersTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void carriesTheCloudEventsAttributesAndTheLaunchsTrace() {
        Headers headers = CloudEventHeaders.of("dev.conveyor.run.completed.v1", "go-style-worker/w1",
                Instant.parse("2026-11-23T09:00:00.123Z"), TRACEPARENT);

        UUID.fromString(header(headers, "ce_id"));
        assertEquals("dev.conveyor.run.completed.v1", header(headers, "ce_type"));
        assertEquals("go-style-worker/w1", header(headers, "ce_source"));
        assertEquals("2026-11-23T09:00:00.123Z", header(headers, "ce_time"));
        assertEquals("1.0", header(headers, "ce_specversion"));
        assertEquals("application/protobuf", header(headers, "content-type"));
        assertEquals(TRACEPARENT, header(headers, "traceparent"));
    }

    @Test
    void leavesTheTraceOutWhenTheLaunchHadNone() {
        assertNull(CloudEventHeaders.of("t", "s", Instant.now(), "").lastHeader("traceparent"));
    }

    @Test
    void givesEveryEventItsOwnId() {
        Instant now = Instant.now();
        assertNotEquals(header(CloudEventHeaders.of("t", "s", now, ""), "ce_id"),
                header(CloudEventHeaders.of("t", "s", now, ""), "ce_id"));
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
