package dev.conveyor.worker.run;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conveyor.contract.Topics;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.worker.ProtoTime;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;
import java.util.Optional;

/**
 * A record of pending-tasks or pending-tasks-retry, read as raw bytes and decoded here: a record that does not decode
 * keeps its exact bytes, so it can be dead-lettered as it was instead of stopping or silently skipping the partition.
 *
 * @param message the Kafka record, to ack and to copy
 * @param request the decoded request; empty when the bytes are not a RunRequested
 */
public record IncomingRun(Message<byte[]> message, Optional<RunRequested> request) {

    public static IncomingRun of(Message<byte[]> message) {
        return new IncomingRun(message, decode(message.getPayload()));
    }

    private static Optional<RunRequested> decode(byte[] payload) {
        if (payload == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RunRequested.parseFrom(payload));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    /** When a retry may start; empty for a request that may start at once. */
    public Optional<Instant> notBefore() {
        return request.filter(RunRequested::hasNotBefore).flatMap(r -> ProtoTime.instant(r.getNotBefore()));
    }

    /**
     * When the request was published, if it was read from pending-tasks, whose records the updater records as the
     * drive's QUEUED: a completion carries it with the request. Empty for a retry (pending-tasks-retry).
     */
    public Optional<Instant> requestedAt() {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .filter(kafka -> Topics.PENDING_TASKS.equals(kafka.getTopic()))
                .map(IncomingKafkaRecordMetadata::getTimestamp)
                .filter(at -> at.toEpochMilli() >= 0);
    }

    /** {@code topic-partition@offset}, for logs. */
    public String where() {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> kafka.getTopic() + "-" + kafka.getPartition() + "@" + kafka.getOffset())
                .orElse("an unknown position");
    }
}
