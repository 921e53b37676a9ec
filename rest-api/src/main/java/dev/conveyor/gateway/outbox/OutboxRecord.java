package dev.conveyor.gateway.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A Kafka record waiting to be published, written in the same transaction as the change it announces. Its headers
 * are fixed at write time, so a republished record keeps its CloudEvents id; {@code action} names the run's action
 * for the relay's publish span, and {@code traceparent} is the W3C context of the request's outbox write span, so
 * the trace continues through Kafka.
 */
public record OutboxRecord(UUID runId, String action, String topic, String recordKey, byte[] payload,
                           Map<String, String> headers, String traceparent, Instant createdAt) {
}
