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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records a polled batch with several runs' records in flight at once. The batch's runs are read in one query, and
 * each run's records are recorded one after the other, in their partition's order, each from the document the one
 * before it left: not for correctness (each write is atomic and the state machine gives the same result for any
 * order) but so that they do not race each other for the run's document, and each costs one write.
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

    /** A record of the batch and the change it reports. */
    private record Received(ConsumerRecord<String, ?> record, RunChange change) {
    }

    /** Completes when every record of the batch is written (or skipped as invalid); fails if any write failed. */
    public <T> Uni<Void> record(ConsumerRecords<String, T> records, Function<ConsumerRecord<String, T>, ? extends RunChange> toChange) {
        Map<String, List<Received>> byRun = new LinkedHashMap<>();
        for (ConsumerRecord<String, T> record : records) {
            RunChange change = decode(record, toChange);
            if (change != null) {
                byRun.computeIfAbsent(change.runId(), runId -> new ArrayList<>()).add(new Received(record, change));
            }
        }
        if (byRun.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tracing.batch(byRun.values().stream().flatMap(List::stream).map(Received::record).toList(),
                        () -> recorder.read(byRun.keySet()))
                // If the batch read fails, each run is read on its own, with the retries of every write (MongoDB may be down).
                .onFailure().invoke(failure -> LOG.debugf("Reading the runs of a batch failed: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .chain(stored -> Multi.createFrom().iterable(byRun.entrySet())
                        .onItem().transformToUni(run -> recordRun(run.getValue(),
                                stored == null ? null : new RunRecorder.Stored(stored.get(run.getKey()))))
                        .merge(concurrency)
                        .onItem().ignoreAsUni());
    }

    /** Records one run's changes in order, each starting from the document the one before left. */
    private Uni<Void> recordRun(List<Received> received, RunRecorder.Stored first) {
        AtomicReference<RunRecorder.Stored> known = new AtomicReference<>(first);
        return Multi.createFrom().iterable(received)
                .onItem().transformToUniAndConcatenate(one -> recordOne(one, known))
                .onItem().ignoreAsUni();
    }

    private Uni<Void> recordOne(Received received, AtomicReference<RunRecorder.Stored> known) {
        RunChange change = received.change();
        return tracing.traced(received.record(), change, () -> RunLogIds.around(change.run(),
                        () -> recorder.record(change, known.get())
                                .invoke(recorded -> known.set(recorded.after()))
                                .map(RunRecorder.Recorded::outcome)
                                .invoke(outcome -> logRecorded(change, outcome))))
                .invoke(outcome -> metrics.recorded(received.record().topic(), change.status().name(), outcome))
                .replaceWithVoid();
    }

    /** The change a record reports, or {@code null} when it breaks the contract and is skipped. */
    private <T> RunChange decode(ConsumerRecord<String, T> record, Function<ConsumerRecord<String, T>, ? extends RunChange> toChange) {
        // Retrying a record that breaks the contract cannot help, and stopping would block its partition: skip it.
        if (record.value() == null) {
            skip(record, "undecodable or empty value");
            return null;
        }
        try {
            return toChange.apply(record);
        } catch (InvalidEventException e) {
            skip(record, e.getMessage());
            return null;
        }
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

    private void skip(ConsumerRecord<String, ?> record, String reason) {
        metrics.skipped(record.topic());
        LOG.warnf("Skipping record %s-%d@%d (key %s): %s",
                record.topic(), record.partition(), record.offset(), record.key(), reason);
    }
}
