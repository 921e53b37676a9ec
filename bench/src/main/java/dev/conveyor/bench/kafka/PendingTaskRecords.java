package dev.conveyor.bench.kafka;

import com.google.protobuf.Timestamp;
import dev.conveyor.contract.EventHeaders;
import dev.conveyor.proto.Priority;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunRequested;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Records shaped like the gateway's on {@code pending-tasks} (gateway run.RunEvents): a serialized
 * {@link RunRequested} keyed by a fresh run id, with the CloudEvents headers and a traceparent.
 */
final class PendingTaskRecords {

    private static final String OWNER_ID = UUID.randomUUID().toString();
    private static final String TASK_ID = UUID.randomUUID().toString();
    private static final String INPUT_JSON = "{\"numbers\":[1,2,3,4,5,6,7,8]}";

    private PendingTaskRecords() {
    }

    static ProducerRecord<String, byte[]> next(String topic) {
        String runId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        String traceparent = traceparent();
        RunRequested request = RunRequested.newBuilder()
                .setRun(RunRef.newBuilder().setRunId(runId).setTaskId(TASK_ID).setOwnerId(OWNER_ID).setAction("sum"))
                .setInputJson(INPUT_JSON)
                .setPriority(Priority.MEDIUM)
                .setAttempt(1)
                .setMaxAttempts(3)
                .setTimeoutMs(30_000)
                .setCreatedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setTraceparent(traceparent)
                .build();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, runId, request.toByteArray());
        header(record, EventHeaders.ID, UUID.randomUUID().toString());
        header(record, EventHeaders.TYPE, EventHeaders.TYPE_RUN_REQUESTED);
        header(record, EventHeaders.SOURCE, "rest-api");
        header(record, EventHeaders.TIME, now.toString());
        header(record, EventHeaders.SPEC_VERSION, EventHeaders.SPEC_VERSION_VALUE);
        header(record, EventHeaders.CONTENT_TYPE, EventHeaders.PROTOBUF_CONTENT_TYPE);
        header(record, EventHeaders.TRACEPARENT, traceparent);
        return record;
    }

    /** Bytes the record puts on the wire besides Kafka's own framing: key, value and headers. */
    static int size(ProducerRecord<String, byte[]> record) {
        int size = record.key().length() + record.value().length;
        for (Header header : record.headers()) {
            size += header.key().length() + header.value().length;
        }
        return size;
    }

    private static void header(ProducerRecord<String, byte[]> record, String key, String value) {
        record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String traceparent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return "00-" + hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong()) + "-"
                + hex.toHexDigits(random.nextLong()) + "-01";
    }
}
