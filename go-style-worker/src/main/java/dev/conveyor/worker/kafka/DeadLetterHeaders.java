package dev.conveyor.worker.kafka;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * The headers of a dead letter: the original record's own, plus why and where it came from, so an operator can find
 * it in its topic and re-drive it. (Not in the shared contract's EventHeaders yet; only this worker writes them.)
 */
public final class DeadLetterHeaders {

    public static final String REASON = "conveyor-dlq-reason";
    public static final String TOPIC = "conveyor-dlq-topic";
    public static final String PARTITION = "conveyor-dlq-partition";
    public static final String OFFSET = "conveyor-dlq-offset";

    private DeadLetterHeaders() {
    }

    static Headers of(IncomingKafkaRecordMetadata<?, ?> source, DeadLetterReason reason) {
        RecordHeaders headers = new RecordHeaders(source.getHeaders().toArray());
        set(headers, REASON, reason.label());
        set(headers, TOPIC, source.getTopic());
        set(headers, PARTITION, Integer.toString(source.getPartition()));
        set(headers, OFFSET, Long.toString(source.getOffset()));
        return headers;
    }

    /** Replaces any value already there, so a dead letter that is replayed and dies again tells its latest story. */
    private static void set(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
