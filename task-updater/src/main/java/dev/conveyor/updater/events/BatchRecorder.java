package dev.conveyor.updater.events;

import dev.conveyor.updater.run.CancelRequest;
import dev.conveyor.updater.run.InvalidEventException;
import dev.conveyor.updater.run.Outcome;
import dev.conveyor.updater.run.RunChange;
import dev.conveyor.updater.run.RunEvent;
import dev.conveyor.updater.run.RunRecorder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records a polled batch with several runs' records in flight at once. A run's own records are recorded one after
 * the other, in their partition's order: not for correctness (each write is atomic and the state machine gives the
 * same result for any order) but so that they do not race each other for the run's document.
 */
@ApplicationScoped
public class BatchRecorder {

    private static final Logger LOG = Logger.getLogger(BatchRecorder.class);

    private final RunRecorder recorder;
    private final RecordTracing tracing;
    private final EventMetrics metrics;
    private final int concurrency;

    BatchRecorder(RunRecorder recorder, RecordTracing tracing, EventMetrics metrics,
                  @ConfigProperty(name = "conveyor.updater.write-concurrency") int concurrency) {
        this.recorder = recorder;
        this.tracing = tracing;
        this.metrics = metrics;
        this.concurrency = concurrency;
    }

    /** Completes when every record of the batch is written (or skipped as invalid); fails if any write failed. */
    public <T> Uni<Void> record(ConsumerRecords<String, T> records, Function<ConsumerRecord<String, T>, ? extends RunChange> toChange) {
        Map<String, List<ConsumerRecord<String, T>>> byRun = new LinkedHashMap<>();
        for (ConsumerRecord<String, T> record : records) {
            byRun.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record);
        }
        return Multi.createFrom().iterable(byRun.values())
                .onItem().transformToUni(runRecords -> Multi.createFrom().iterable(runRecords)
                        .onItem().transformToUniAndConcatenate(record -> recordOne(record, toChange))
                        .onItem().ignoreAsUni())
                .merge(concurrency)
                .onItem().ignoreAsUni();
    }

    private <T> Uni<Void> recordOne(ConsumerRecord<String, T> record, Function<ConsumerRecord<String, T>, ? extends RunChange> toChange) {
        // Retrying a record that breaks the contract cannot help, and stopping would block its partition: skip it.
        if (record.value() == null) {
            return skip(record, "undecodable or empty value");
        }
        RunChange change;
        try {
            change = toChange.apply(record);
        } catch (InvalidEventException e) {
            return skip(record, e.getMessage());
        }
        return tracing.traced(record, change, () -> RunLogIds.around(change.run(),
                        () -> recorder.record(change).invoke(outcome -> logRecorded(change, outcome))))
                .invoke(outcome -> metrics.recorded(record.topic(), change.status().name(), outcome))
                .replaceWithVoid();
    }

    /** One line per recorded event: what it reported and what it did to the run (never its input or result). */
    private static void logRecorded(RunChange change, Outcome outcome) {
        String what = switch (change) {
            case RunEvent event -> event.status() + " of attempt " + event.attempt();
            case CancelRequest ignored -> "cancellation request";
        };
        LOG.infof("Run %s: %s %s", change.runId(), what, describe(outcome));
    }

    private static String describe(Outcome outcome) {
        return switch (outcome) {
            case APPLIED -> "applied";
            case LATE -> "recorded in the history; the run had already moved past it";
            case PARKED -> "parked until the request of its re-drive is recorded";
            case UNCHANGED -> "changed nothing (repeated, or too late)";
        };
    }

    private Uni<Void> skip(ConsumerRecord<String, ?> record, String reason) {
        metrics.skipped(record.topic());
        LOG.warnf("Skipping record %s-%d@%d (key %s): %s",
                record.topic(), record.partition(), record.offset(), record.key(), reason);
        return Uni.createFrom().voidItem();
    }
}
