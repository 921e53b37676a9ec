package dev.conveyor.worker.run;

import dev.conveyor.proto.RunRequested;
import dev.conveyor.worker.WorkerIdentity;
import dev.conveyor.worker.kafka.RunEventPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt of one run, start to finish: RUNNING, execute, outcome, and only then the request's ack, so a crash at
 * any point leaves the request uncommitted and another worker runs it again (at-least-once; events carry ids so
 * consumers deduplicate).
 */
@ApplicationScoped
public class RunProcessor {

    private static final Logger LOG = Logger.getLogger(RunProcessor.class);

    private final RunExecutor executor;
    private final RunEventPublisher events;
    private final RunMetrics metrics;
    private final String workerId;

    public RunProcessor(RunExecutor executor, RunEventPublisher events, RunMetrics metrics, WorkerIdentity worker) {
        this.executor = executor;
        this.events = events;
        this.metrics = metrics;
        this.workerId = worker.id();
    }

    /** Completes when the request is acked or nacked; never fails, so one run cannot stop the stream. */
    public Uni<Void> process(Message<RunRequested> message) {
        RunRequested request = message.getPayload();
        if (request == null || request.getRun().getRunId().isEmpty()) {
            // Undecodable or without a run id: nothing can be reported about it. Dead-lettering comes with retries.
            LOG.errorf("Skipping the pending-tasks record at %s: no decodable RunRequested with a run id",
                    where(message));
            return Uni.createFrom().completionStage(message::ack);
        }
        Instant startedAt = Instant.now();
        return events.publish(RunEvents.running(request, workerId, startedAt))
                .chain(() -> executor.execute(request))
                // The one place an outcome is decided: a RetryPolicy will choose here between FAILED, RETRYING
                // and DEAD.
                .chain(outcome -> complete(request, outcome, startedAt))
                .chain(() -> Uni.createFrom().completionStage(message::ack))
                .onFailure().recoverWithUni(failure -> {
                    // Kafka refused an event even after the producer's own retries: leave the request uncommitted.
                    LOG.errorf(failure, "Could not publish the events of run %s", request.getRun().getRunId());
                    return Uni.createFrom().completionStage(() -> message.nack(failure));
                });
    }

    private static String where(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> "partition " + kafka.getPartition() + ", offset " + kafka.getOffset())
                .orElse("an unknown position");
    }

    private Uni<Void> complete(RunRequested request, RunOutcome outcome, Instant startedAt) {
        Instant finishedAt = Instant.now();
        metrics.finished(request.getRun().getAction(), outcome, Duration.between(startedAt, finishedAt));
        return events.publish(RunEvents.completed(request, outcome, workerId, startedAt, finishedAt));
    }
}
