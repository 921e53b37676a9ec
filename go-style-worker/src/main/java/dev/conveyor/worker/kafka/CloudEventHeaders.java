package dev.conveyor.worker.kafka;

import dev.conveyor.contract.EventHeaders;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * CloudEvents binary-mode headers for one event: a fresh id per event, so consumers can deduplicate redeliveries, and
 * the launch's W3C traceparent when the request carried one, so the run's events join the launch's trace.
 */
final class CloudEventHeaders {

    private CloudEventHeaders() {
    }

    static Headers of(String type, String source, Instant time, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, EventHeaders.ID, UUID.randomUUID().toString());
        add(headers, EventHeaders.TYPE, type);
        add(headers, EventHeaders.SOURCE, source);
        add(headers, EventHeaders.TIME, time.toString());
        add(headers, EventHeaders.SPEC_VERSION, EventHeaders.SPEC_VERSION_VALUE);
        add(headers, EventHeaders.CONTENT_TYPE, EventHeaders.PROTOBUF_CONTENT_TYPE);
        if (!traceparent.isEmpty()) {
            add(headers, EventHeaders.TRACEPARENT, traceparent);
        }
        return headers;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
