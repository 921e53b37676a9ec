package dev.conveyor.worker.kafka;

import dev.conveyor.contract.EventHeaders;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunStatusChanged;
import dev.conveyor.worker.WorkerIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;

/**
 * Publishes run events keyed by run id (all events of a run on one partition, in order) with CloudEvents headers.
 * Each Uni completes only once Kafka has acknowledged the record (acks=all), so callers can commit after it.
 */
@ApplicationScoped
public class RunEventPublisher {

    private final MutinyEmitter<RunStatusChanged> status;
    private final MutinyEmitter<RunCompleted> completed;
    private final String source;

    public RunEventPublisher(@Channel("task-status") MutinyEmitter<RunStatusChanged> status,
                             @Channel("task-completed") MutinyEmitter<RunCompleted> completed,
                             WorkerIdentity worker) {
        this.status = status;
        this.completed = completed;
        this.source = "go-style-worker/" + worker.id();
    }

    public Uni<Void> publish(RunStatusChanged event) {
        return status.sendMessage(message(event, event.getRun().getRunId(), EventHeaders.TYPE_RUN_STATUS_CHANGED));
    }

    public Uni<Void> publish(RunCompleted event) {
        return completed.sendMessage(message(event, event.getRun().getRunId(), EventHeaders.TYPE_RUN_COMPLETED));
    }

    private <T> Message<T> message(T event, String runId, String type) {
        return Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(runId)
                .withHeaders(CloudEventHeaders.of(type, source, Instant.now()))
                .build());
    }
}
