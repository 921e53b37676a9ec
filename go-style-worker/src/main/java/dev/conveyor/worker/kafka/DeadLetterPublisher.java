package dev.conveyor.worker.kafka;

import dev.conveyor.proto.RunRequested;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes to pending-tasks-dlq, keyed and headed like the record that died there (see {@link DeadLetterHeaders}).
 * Completes once Kafka has the dead letter, so the original can be acked after it.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private final MutinyEmitter<byte[]> deadLetters;
    private final PublishRetry retry;

    public DeadLetterPublisher(@Channel("dead-letters") MutinyEmitter<byte[]> deadLetters, PublishRetry retry) {
        this.deadLetters = deadLetters;
        this.retry = retry;
    }

    /** The record exactly as it was read, byte for byte: nothing in it can be trusted to be re-encoded. */
    public Uni<Void> undecodable(Message<byte[]> source) {
        return send(source, source.getPayload(), DeadLetterReason.UNDECODABLE);
    }

    /** The request, with {@code error} set to why the run died. */
    public Uni<Void> deadLetter(Message<byte[]> source, RunRequested died, DeadLetterReason reason) {
        return send(source, died.toByteArray(), reason);
    }

    private Uni<Void> send(Message<byte[]> source, byte[] value, DeadLetterReason reason) {
        IncomingKafkaRecordMetadata<?, ?> origin = source.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("Not a Kafka record: " + source));
        Message<byte[]> letter = Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey((byte[]) origin.getKey())
                .withHeaders(DeadLetterHeaders.of(origin, reason))
                .build());
        return retry.untilPublished("a dead letter from " + origin.getTopic() + "-" + origin.getPartition() + "@"
                + origin.getOffset(), () -> deadLetters.sendMessage(letter));
    }
}
