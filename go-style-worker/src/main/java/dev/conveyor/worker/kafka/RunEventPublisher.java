package dev.conveyor.worker.kafka;

import dev.conveyor.contract.EventHeaders;
import dev.conveyor.contract.Topics;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatusChanged;
import dev.conveyor.worker.WorkerIdentity;
import dev.conveyor.worker.tracing.PublishTracing;
import io.opentelemetry.api.trace.Span;
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
 * does (see {@link PublishRetry}), so callers can ack the request after it. Each record is sent in a publish span, a
 * child of the caller's current span, whose traceparent the record carries ({@link PublishTracing}).
 */
@ApplicationScoped
public class RunEventPublisher {

    private final MutinyEmitter<RunStatusChanged> status;
    private final MutinyEmitter<RunCompleted> completed;
    private final MutinyEmitter<RunRequested> retries;
    private final PublishRetry retry;
    private final PublishTracing tracing;
    private final String source;

    public RunEventPublisher(@Channel("task-status") MutinyEmitter<RunStatusChanged> status,
                             @Channel("task-completed") MutinyEmitter<RunCompleted> completed,
                             @Channel("retries") MutinyEmitter<RunRequested> retries,
                             PublishRetry retry,
                             PublishTracing tracing,
                             WorkerIdentity worker) {
        this.status = status;
        this.completed = completed;
        this.retries = retries;
        this.retry = retry;
        this.tracing = tracing;
        this.source = "go-style-worker/" + worker.id();
    }

    public Uni<Void> publish(RunStatusChanged event, String traceparent) {
        return send(status, Topics.TASK_STATUS, event, event.getRun(), EventHeaders.TYPE_RUN_STATUS_CHANGED,
                traceparent, event.getStatus() + " of attempt " + event.getAttempt());
    }

    public Uni<Void> publish(RunCompleted event, String traceparent) {
        return send(completed, Topics.TASK_COMPLETED, event, event.getRun(), EventHeaders.TYPE_RUN_COMPLETED,
                traceparent, event.getStatus() + " of attempt " + event.getAttempt());
    }

    /** The next attempt's request, to pending-tasks-retry. */
    public Uni<Void> retry(RunRequested next) {
        return send(retries, Topics.PENDING_TASKS_RETRY, next, next.getRun(), EventHeaders.TYPE_RUN_REQUESTED,
                next.getTraceparent(), "the request of attempt " + next.getAttempt());
    }

    /**
     * One message, built once and sent again as is on retries: the same ce_id, so duplicates can be recognised.
     * {@code traceparent} is the launch's, carried when tracing is off.
     */
    private <T> Uni<Void> send(MutinyEmitter<T> channel, String topic, T event, RunRef run, String type,
                               String traceparent, String what) {
        String runId = run.getRunId();
        Span span = tracing.publishing(topic, runId, run.getAction());
        Message<T> message = Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(runId)
                .withHeaders(CloudEventHeaders.of(type, source, Instant.now(),
                        PublishTracing.traceparent(span, traceparent)))
                .build());
        return PublishTracing.acknowledged(span,
                retry.untilPublished(what + " of run " + runId, () -> channel.sendMessage(message)));
    }
}
