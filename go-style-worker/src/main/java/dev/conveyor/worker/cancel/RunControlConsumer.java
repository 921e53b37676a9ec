package dev.conveyor.worker.cancel;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conveyor.proto.RunCancelRequested;
import dev.conveyor.worker.ProtoTime;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Reads all of run-control, from the earliest retained record, in a consumer group of this worker alone (see
 * {@link RunControlGroup}): every worker must see every cancellation, whichever worker holds the run.
 */
@ApplicationScoped
public class RunControlConsumer {

    private static final Logger LOG = Logger.getLogger(RunControlConsumer.class);

    private final Cancellations cancellations;

    public RunControlConsumer(Cancellations cancellations) {
        this.cancellations = cancellations;
    }

    /** In memory only, so cheap enough for the consumer's event loop. */
    @Incoming("run-control")
    public CompletionStage<Void> onCancelRequested(Message<byte[]> message) {
        decode(message.getPayload())
                .filter(request -> !request.getRun().getRunId().isEmpty())
                .ifPresent(request -> cancellations.cancel(request.getRun().getRunId(),
                        ProtoTime.instant(request.getAt()).orElseGet(() -> publishedAt(message))));
        return message.ack();
    }

    private static Optional<RunCancelRequested> decode(byte[] payload) {
        try {
            return Optional.of(RunCancelRequested.parseFrom(payload == null ? new byte[0] : payload));
        } catch (InvalidProtocolBufferException e) {
            // A cancellation that cannot be read cancels nothing; the updater reports the run as it is.
            LOG.warnf("Skipping an undecodable run-control record: %s", e.getMessage());
            return Optional.empty();
        }
    }

    private static Instant publishedAt(Message<byte[]> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getTimestamp)
                .orElseGet(Instant::now);
    }
}
