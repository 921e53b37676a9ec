package dev.conveyor.updater.events;

import dev.conveyor.updater.run.CancelRequest;
import dev.conveyor.updater.run.InvalidEventException;
import dev.conveyor.updater.run.Outcome;
import dev.conveyor.updater.run.RunChange;
import dev.conveyor.updater.run.RunEvent;
import dev.conveyor.updater.run.RunRecorder;
import dev.conveyor.updater.run.RunRecorder.Decided;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records consumed batches in groups, in three MongoDB commands per group whatever its size: its runs are read in one
 * query, each run's changes are decided in order from the document read, and the runs' documents are written in one
 * bulk write for the new runs and one for the others.
 *
 * <p>Runs are spread over {@code conveyor.updater.lanes} lanes by their id, so a run always goes to the same lane.
 * In each lane one group is written at a time: the records the four topics' channels deliver meanwhile wait, and the
 * lane's next group takes them all as soon as the writes are done (the group's records are reported, logged and
 * counted, meanwhile). So the events of one run that arrive on different topics while a group is written are decided
 * together instead of racing each other for the run's document, while the lanes' MongoDB round trips overlap. A
 * batch is recorded once each lane has recorded its part, and a channel delivers its next batch only then, so each
 * run's events of one partition keep their order; across topics the order does not matter to the state machine.
 *
 * <p>A run whose document changed between the read and the write anyway (another updater instance) has its changes
 * recorded again on their own, one after the other, each from a fresh read ({@link RunRecorder#record}); so do all
 * the runs of a group whose read or write failed, with that path's retries. Each write is conditional and the state
 * machine idempotent, so any of these paths gives the same document. A group that still fails fails each of its
 * batches.
 */
@ApplicationScoped
public class BatchRecorder {

    private static final Logger LOG = Logger.getLogger(BatchRecorder.class);

    private final RunRecorder recorder;
    private final RecordTracing tracing;
    private final EventMetrics metrics;
    private final int concurrency;
    private final List<Lane> lanes;

    BatchRecorder(RunRecorder recorder, RecordTracing tracing, EventMetrics metrics,
                  @ConfigProperty(name = "conveyor.updater.write-concurrency") int concurrency,
                  @ConfigProperty(name = "conveyor.updater.lanes") int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("conveyor.updater.lanes must be at least 1, not " + lanes);
        }
        this.recorder = recorder;
        this.tracing = tracing;
        this.metrics = metrics;
        this.concurrency = concurrency;
        this.lanes = IntStream.range(0, lanes).mapToObj(lane -> new Lane()).toList();
    }

    /** A record of the batch, the change it reports and the span of its processing. */
    private record Received(ConsumerRecord<String, ?> record, RunChange change, Span span) {
    }

    /** A lane's part of a consumed batch, waiting to be recorded, and how to tell that it was. */
    private record Waiting(List<Received> received, UniEmitter<? super Void> recorded) {
    }

    /**
     * Completes when every record of the batch is written (or skipped as invalid); fails if any write failed. Each
     * lane's part of the batch joins the others waiting while the lane records a group, and the lane's next group
     * records them together.
     */
    public <T> Uni<Void> record(ConsumerRecords<String, T> records, Function<ConsumerRecord<String, T>, ? extends RunChange> toChange) {
        Map<Lane, List<Received>> byLane = new LinkedHashMap<>();
        for (ConsumerRecord<String, T> record : records) {
            RunChange change = decode(record, toChange);
            if (change != null) {
                byLane.computeIfAbsent(laneOf(change.runId()), lane -> new ArrayList<>())
                        .add(new Received(record, change, tracing.process(record, change)));
            }
        }
        if (byLane.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Every lane's part ends before the batch fails, so a failed batch leaves no write of its own in flight.
        return Uni.join().all(byLane.entrySet().stream().map(part -> part.getKey().record(part.getValue())).toList())
                .andCollectFailures().replaceWithVoid();
    }

    private Lane laneOf(String runId) {
        return lanes.get(Math.floorMod(runId.hashCode(), lanes.size()));
    }

    /** The runs whose ids hash to it: their waiting records, and whether a group of them is being recorded. */
    private final class Lane {

        private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean recording = new AtomicBoolean();

        Uni<Void> record(List<Received> received) {
            return Uni.createFrom().emitter(recorded -> {
                waiting.add(new Waiting(received, recorded));
                recordWaiting();
            });
        }

        /** Records everything waiting as one group, unless a group is being recorded: its end calls this again. */
        private void recordWaiting() {
            while (recording.compareAndSet(false, true)) {
                List<Waiting> group = new ArrayList<>();
                for (Waiting next = waiting.poll(); next != null; next = waiting.poll()) {
                    group.add(next);
                }
                if (group.isEmpty()) {
                    // Records added after the poll and before the flag was reset found it set: take them now.
                    recording.set(false);
                    if (waiting.isEmpty()) {
                        return;
                    }
                    continue;
                }
                List<Received> received = group.stream().flatMap(part -> part.received().stream()).toList();
                // Deferred: even a bug thrown while it is assembled then ends the group, not the lane.
                Uni.createFrom().deferred(() -> recordGroup(received))
                        .subscribe().with(
                                report -> {
                                    // Written: the next group may read. This one's records are reported meanwhile.
                                    recording.set(false);
                                    recordWaiting();
                                    report.subscribe().with(
                                            ignored -> group.forEach(part -> part.recorded().complete(null)),
                                            failure -> group.forEach(part -> part.recorded().fail(failure)));
                                },
                                failure -> {
                                    recording.set(false);
                                    group.forEach(part -> part.recorded().fail(failure));
                                    recordWaiting();
                                });
                return;
            }
        }
    }

    /**
     * Writes the group's runs: completes once every run is written, with what remains to do, reporting each
     * record's outcome (its log line, metric and span's end).
     */
    private Uni<Uni<Void>> recordGroup(List<Received> received) {
        Map<String, List<Received>> byRun = new LinkedHashMap<>();
        for (Received one : received) {
            byRun.computeIfAbsent(one.change().runId(), runId -> new ArrayList<>()).add(one);
        }
        String topics = received.stream().map(one -> one.record().topic()).distinct().collect(Collectors.joining(", "));
        return tracing.reading(topics, received.stream().map(Received::span).toList(), () -> recorder.read(byRun.keySet()))
                .onFailure().invoke(failure -> LOG.debugf("Reading the runs of a group failed: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .chain(stored -> stored == null
                        ? each(byRun.values(), this::recordAlone).map(recorded -> Uni.createFrom().voidItem())
                        : recordTogether(byRun, stored));
    }

    private Uni<Uni<Void>> recordTogether(Map<String, List<Received>> byRun, Map<String, Document> stored) {
        Instant now = Instant.now();
        List<Decided> decided = byRun.entrySet().stream()
                .map(run -> recorder.decide(run.getValue().stream().map(Received::change).toList(),
                        new RunRecorder.Stored(stored.get(run.getKey())), now))
                .toList();
        Map<Boolean, List<Decided>> byKind = decided.stream().filter(Decided::writes)
                .collect(Collectors.partitioningBy(Decided::creates));
        return Uni.combine().all().unis(write(byKind.get(true), byRun), write(byKind.get(false), byRun))
                .with((notCreated, notReplaced) -> {
                    Set<String> notWritten = new HashSet<>(notCreated);
                    notWritten.addAll(notReplaced);
                    return notWritten;
                })
                .chain(notWritten -> {
                    Map<Boolean, List<Decided>> byWrite = decided.stream()
                            .collect(Collectors.partitioningBy(run -> notWritten.contains(run.runId())));
                    return each(byWrite.get(true), run -> recordAlone(byRun.get(run.runId())))
                            .map(recordedAlone -> each(byWrite.get(false),
                                    run -> report(byRun.get(run.runId()), run.outcomes())));
                });
    }

    /** Writes the runs' documents in one bulk write; completes with the runs it did not write. */
    private Uni<Set<String>> write(List<Decided> runs, Map<String, List<Received>> byRun) {
        if (runs.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<Span> spans = runs.stream().flatMap(run -> byRun.get(run.runId()).stream()).map(Received::span).toList();
        return tracing.writing(spans, runs.size(), () -> recorder.write(runs));
    }

    /** Runs {@code work} for each run, several at once. */
    private <R> Uni<Void> each(Collection<R> runs, Function<R, Uni<Void>> work) {
        return Multi.createFrom().iterable(runs)
                .onItem().transformToUni(run -> work.apply(run))
                .merge(concurrency)
                .onItem().ignoreAsUni();
    }

    /** Records a run's changes on their own, one after the other. */
    private Uni<Void> recordAlone(List<Received> received) {
        return Multi.createFrom().iterable(received)
                .onItem().transformToUniAndConcatenate(one -> finish(one, () -> recorder.record(one.change())))
                .onItem().ignoreAsUni();
    }

    /** Ends the processing of a run's records, written together, with what each did. */
    private Uni<Void> report(List<Received> received, List<Outcome> outcomes) {
        return Multi.createFrom().range(0, received.size())
                .onItem().transformToUniAndConcatenate(i -> finish(received.get(i), () -> Uni.createFrom().item(outcomes.get(i))))
                .onItem().ignoreAsUni();
    }

    /** Ends a record's processing: {@code outcome} is what recording its change did, logged with the run's ids. */
    private Uni<Void> finish(Received received, Supplier<Uni<Outcome>> outcome) {
        RunChange change = received.change();
        return tracing.within(received.span(), () -> RunLogIds.around(change.run(),
                        () -> outcome.get().invoke(done -> logRecorded(change, done))))
                .invoke(done -> metrics.recorded(received.record().topic(), change.status().name(), done))
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
