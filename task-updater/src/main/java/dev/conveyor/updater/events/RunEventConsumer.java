package dev.conveyor.updater.events;

import dev.conveyor.contract.Topics;
import dev.conveyor.proto.RunCancelRequested;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatusChanged;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the three run topics and the cancellation requests in batches. A batch is acknowledged, and its offsets
 * committed, only after its MongoDB writes: delivery is at least once, and the state machine makes the repeats
 * harmless. The returned Uni tells the connector it may deliver the next batch, which can be before that
 * ({@link BatchRecorder}).
 */
@ApplicationScoped
public class RunEventConsumer {

    private final BatchRecorder batches;

    RunEventConsumer(BatchRecorder batches) {
        this.batches = batches;
    }

    @Incoming(Topics.PENDING_TASKS)
    public Uni<Void> onRequested(KafkaRecordBatch<String, RunRequested> records) {
        return batches.record(records, RunEvents::requested);
    }

    @Incoming(Topics.TASK_STATUS)
    public Uni<Void> onStatusChanged(KafkaRecordBatch<String, RunStatusChanged> records) {
        return batches.record(records, RunEvents::statusChanged);
    }

    @Incoming(Topics.TASK_COMPLETED)
    public Uni<Void> onCompleted(KafkaRecordBatch<String, RunCompleted> records) {
        return batches.record(records, RunEvents::completed);
    }

    @Incoming(Topics.RUN_CONTROL)
    public Uni<Void> onCancelRequested(KafkaRecordBatch<String, RunCancelRequested> records) {
        return batches.record(records, RunEvents::cancelRequested);
    }
}
