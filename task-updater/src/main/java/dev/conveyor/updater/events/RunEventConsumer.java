package dev.conveyor.updater.events;

import dev.conveyor.contract.Topics;
import dev.conveyor.proto.RunCancelRequested;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatusChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the three run topics and the cancellation requests in batches. A batch is acknowledged, and its offsets committed, only when the
 * returned Uni completes, that is after its MongoDB writes: delivery is at least once, and the state machine makes
 * the repeats harmless.
 */
@ApplicationScoped
public class RunEventConsumer {

    private final BatchRecorder batches;

    RunEventConsumer(BatchRecorder batches) {
        this.batches = batches;
    }

    @Incoming(Topics.PENDING_TASKS)
    public Uni<Void> onRequested(ConsumerRecords<String, RunRequested> records) {
        return batches.record(records, RunEvents::requested);
    }

    @Incoming(Topics.TASK_STATUS)
    public Uni<Void> onStatusChanged(ConsumerRecords<String, RunStatusChanged> records) {
        return batches.record(records, RunEvents::statusChanged);
    }

    @Incoming(Topics.TASK_COMPLETED)
    public Uni<Void> onCompleted(ConsumerRecords<String, RunCompleted> records) {
        return batches.record(records, RunEvents::completed);
    }

    @Incoming(Topics.RUN_CONTROL)
    public Uni<Void> onCancelRequested(ConsumerRecords<String, RunCancelRequested> records) {
        return batches.record(records, RunEvents::cancelRequested);
    }
}
