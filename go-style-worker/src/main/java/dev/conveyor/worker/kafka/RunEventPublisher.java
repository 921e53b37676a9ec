package dev.conveyor.worker.kafka;

import dev.conveyor.contract.EventHeaders;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunRequested;
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
 * Publishes run events and retry requests keyed by run id (all records of a run on one partition, in order) with
 * CloudEvents headers. Each Uni completes only once Kafka has acknowledged the record (acks=all), retrying until it
 * does (see {@link PublishRetry}), so callers can ack the request after it.
 */
@ApplicationScoped
public class RunEventPublisher {

    private final MutinyEmitter<RunStatusChanged> status;
    private final MutinyEmitter<RunCompleted> completed;
    private final MutinyEmitter<RunRequested> retries;
    private final PublishRetry retry;
    private final String source;

    public RunEventPublisher(@Channel("task-status") MutinyEmitter<RunStatusChanged> status,
                             @Channel("task-completed") MutinyEmitter<RunCompleted> completed,
                             @Channel("retries") MutinyEmitter<RunRequested> retries,
                             PublishRetry retry,
                             WorkerIdentity worker) {
        this.status = status;
        this.completed = completed;
        this.retries = retries;
        this.retry = retry;
        this.source = "go-style-worker/" + worker.id();
    }

    public Uni<Void> publish(RunStatusChanged event, String traceparent) {
        return send(status, event, event.getRun().getRunId(), EventHeaders.TYPE_RUN_STATUS_CHANGED, traceparent,
                event.getStatus() + " of attempt " + event.getAttempt());
    }

    public Uni<Void> publish(RunCompleted event, String traceparent) {
        return send(completed, event, event.getRun().getRunId(), EventHeaders.TYPE_RUN_COMPLETED, traceparent,
                event.getStatus() + " of attempt " + event.getAttempt());
    }

    /** The next attempt's request, to pending-tasks-retry. */
    public Uni<Void> retry(RunRequested next) {
        return send(retries, next, next.getRun().getRunId(), EventHeaders.TYPE_RUN_REQUESTED, next.getTraceparent(),
                "the request of attempt " + next.getAttempt());
    }

    /** One message, built once and sent again as is on retries: the same ce_id, so duplicates can be recognised. */
    private <T> Uni<Void> send(MutinyEmitter<T> channel, T event, String runId, String type, String traceparent,
                               String what) {
        Message<T> message = Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(runId)
                .withHeaders(CloudEventHeaders.of(type, source, Instant.now(), traceparent))
                .build());
        return retry.untilPublished(what + " of run " + runId, () -> channel.sendMessage(message));
    }
}
