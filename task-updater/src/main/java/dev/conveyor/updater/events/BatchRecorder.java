package dev.conveyor.updater.events;

import dev.conveyor.proto.RunStatus;
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
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * together instead of racing each other for the run's document, while the lanes' MongoDB round trips overlap.
 *
 * <p>The QUEUED record of a run not written lately waits up to {@code conveyor.updater.queued-wait} for the run's
 * outcome, which usually follows within milliseconds (the worker consumes the same record): the run's next group
 * then takes both, and the run is written once instead of twice. Any other record of the run ends the wait. (When
 * the outcome comes first, it carries its request, and the QUEUED record then changes nothing.) A channel delivers
 * its next batch while earlier ones are still being recorded ({@link Backlog}), and a batch is acknowledged once each
 * of its records is recorded. Each run's events of one partition keep their order, since a lane takes its records in
 * the order they came; across topics the order does not matter to the state machine.
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
    private final Vertx vertx;
    private final int concurrency;
    private final long queuedWaitNanos;
    private final int backlogLimit;
    private final List<Lane> lanes;
    private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();

    BatchRecorder(RunRecorder recorder, RecordTracing tracing, EventMetrics metrics, Vertx vertx,
                  @ConfigProperty(name = "conveyor.updater.write-concurrency") int concurrency,
                  @ConfigProperty(name = "conveyor.updater.lanes") int lanes,
                  @ConfigProperty(name = "conveyor.updater.queued-wait") Duration queuedWait,
                  @ConfigProperty(name = "conveyor.updater.unrecorded-per-channel") int backlogLimit) {
        if (lanes < 1) {
            throw new IllegalArgumentException("conveyor.updater.lanes must be at least 1, not " + lanes);
        }
        if (queuedWait.isNegative()) {
            throw new IllegalArgumentException("conveyor.updater.queued-wait must not be negative, not " + queuedWait);
        }
        if (backlogLimit < 1) {
            throw new IllegalArgumentException(
                    "conveyor.updater.unrecorded-per-channel must be at least 1, not " + backlogLimit);
        }
        this.recorder = recorder;
        this.tracing = tracing;
        this.metrics = metrics;
        this.vertx = vertx;
        this.concurrency = concurrency;
        this.queuedWaitNanos = queuedWait.toNanos();
        this.backlogLimit = backlogLimit;
        this.lanes = IntStream.range(0, lanes).mapToObj(lane -> new Lane()).toList();
    }

    /**
     * A record of the batch, the change it reports, the span of its processing, its batch, and the
     * {@link System#nanoTime} from which it is recorded even if no other record of its run came.
     */
    private record Received(ConsumerRecord<String, ?> record, RunChange change, Span span, Batch batch, long due) {
    }

    /** A consumed batch's records being recorded: it ends once each of them is, failed if any failed. */
    private static final class Batch {

        private final UniEmitter<? super Void> recorded;
        private final AtomicInteger left;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Batch(UniEmitter<? super Void> recorded, int records) {
            this.recorded = recorded;
            this.left = new AtomicInteger(records);
        }

        void ended(Throwable failed) {
            if (failed != null) {
                failure.compareAndSet(null, failed);
            }
            // Every record ends before the batch fails, so a failed batch leaves no write of its own in flight.
            if (left.decrementAndGet() == 0) {
                if (failure.get() == null) {
                    recorded.complete(null);
                } else {
                    recorded.fail(failure.get());
                }
            }
        }
    }

    /**
     * Records a consumed batch, acknowledging it once every record is written (or skipped as invalid) and nacking it
     * if any write failed. Completes when the channel may deliver its next batch ({@link Backlog}).
     */
    public <T> Uni<Void> record(KafkaRecordBatch<String, T> batch,
                                Function<ConsumerRecord<String, T>, ? extends RunChange> toChange) {
        IncomingKafkaRecordBatchMetadata<String, T> metadata = metadata(batch);
        ConsumerRecords<String, T> records = metadata.getRecords();
        Uni<Void> recording = record(records, toChange)
                .onItemOrFailure().transformToUni((ignored, failure) -> Uni.createFrom().completionStage(
                        failure == null ? batch.ack() : batch.nack(failure)));
        return backlogs.computeIfAbsent(metadata.getChannel(), channel -> new Backlog(backlogLimit))
                .admit(records.count(), recording);
    }

    @SuppressWarnings("unchecked")
    private static <T> IncomingKafkaRecordBatchMetadata<String, T> metadata(KafkaRecordBatch<String, T> batch) {
        return batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow(() -> new IllegalStateException("A Kafka batch without its records' metadata"));
    }

    private <T> Uni<Void> record(ConsumerRecords<String, T> records,
                                 Function<ConsumerRecord<String, T>, ? extends RunChange> toChange) {
        List<Map.Entry<ConsumerRecord<String, T>, RunChange>> changes = new ArrayList<>();
        for (ConsumerRecord<String, T> record : records) {
            RunChange change = decode(record, toChange);
            if (change != null) {
                changes.add(Map.entry(record, change));
            }
        }
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(recorded -> {
            Batch batch = new Batch(recorded, changes.size());
            long now = System.nanoTime();
            Map<Lane, List<Received>> byLane = new LinkedHashMap<>();
            for (Map.Entry<ConsumerRecord<String, T>, RunChange> change : changes) {
                RunChange decoded = change.getValue();
                long due = waitsForOutcome(decoded) ? now + queuedWaitNanos : now;
                byLane.computeIfAbsent(laneOf(decoded.runId()), lane -> new ArrayList<>())
                        .add(new Received(change.getKey(), decoded, tracing.process(change.getKey(), decoded),
                                batch, due));
            }
            byLane.forEach(Lane::record);
        });
    }

    /**
     * A QUEUED record of a run this updater has not written lately waits for its run's outcome: a run written
     * lately (its outcome came first, or it is re-driven) is written at once, whatever this record does to it.
     */
    private boolean waitsForOutcome(RunChange change) {
        return change instanceof RunEvent event && event.status() == RunStatus.QUEUED
                && !recorder.wroteLately(change.runId());
    }

    private Lane laneOf(String runId) {
        return lanes.get(Math.floorMod(runId.hashCode(), lanes.size()));
    }

    /**
     * The runs whose ids hash to it: their records not yet recorded, and whether a group of them is being recorded.
     */
    private final class Lane {

        private final Queue<Received> arrived = new ConcurrentLinkedQueue<>();
        /** The records of the next group, in arrival order; touched only while recording, as is {@link #waiting}. */
        private final List<Received> next = new ArrayList<>();
        private final Set<String> nextRuns = new HashSet<>();
        /** The runs whose QUEUED record waits for their outcome, by arrival, so the first one is due first. */
        private final LinkedHashMap<String, List<Received>> waiting = new LinkedHashMap<>();
        private final AtomicBoolean recording = new AtomicBoolean();
        private final AtomicBoolean reminded = new AtomicBoolean();

        void record(List<Received> received) {
            arrived.addAll(received);
            recordWaiting();
        }

        /**
         * Records what is due as one group, unless a group is being recorded (its end calls this again); if nothing
         * is due, asks to be called again when the first waiting record is.
         */
        private void recordWaiting() {
            while (recording.compareAndSet(false, true)) {
                long now = System.nanoTime();
                for (Received one = arrived.poll(); one != null; one = arrived.poll()) {
                    take(one, now);
                }
                takeWaitedEnough(now);
                if (next.isEmpty()) {
                    Long remindAt = waiting.isEmpty() ? null : waiting.firstEntry().getValue().getFirst().due();
                    // Records added after the poll and before the flag was reset found it set: take them now.
                    recording.set(false);
                    if (arrived.isEmpty()) {
                        if (remindAt != null) {
                            remindAt(remindAt);
                        }
                        return;
                    }
                    continue;
                }
                List<Received> group = List.copyOf(next);
                next.clear();
                nextRuns.clear();
                // Deferred: even a bug thrown while it is assembled then ends the group, not the lane.
                Uni.createFrom().deferred(() -> recordGroup(group))
                        .subscribe().with(
                                report -> {
                                    // Written: the next group may read. This one's records are reported meanwhile.
                                    recording.set(false);
                                    recordWaiting();
                                    report.subscribe().with(
                                            ignored -> group.forEach(one -> one.batch().ended(null)),
                                            failure -> group.forEach(one -> one.batch().ended(failure)));
                                },
                                failure -> {
                                    recording.set(false);
                                    group.forEach(one -> one.batch().ended(failure));
                                    recordWaiting();
                                });
                return;
            }
        }

        /**
         * A record that is due goes to the next group with its run's waiting records; one that is not waits, unless
         * a record of its run is in the next group already.
         */
        private void take(Received one, long now) {
            String runId = one.change().runId();
            List<Received> runWaiting = waiting.get(runId);
            if (now - one.due() < 0 && !nextRuns.contains(runId)) {
                if (runWaiting == null) {
                    waiting.put(runId, new ArrayList<>(List.of(one)));
                } else {
                    runWaiting.add(one);
                }
                metrics.waitingForOutcome(1);
                return;
            }
            if (runWaiting != null) {
                next.addAll(waiting.remove(runId));
                metrics.waitingForOutcome(-runWaiting.size());
            }
            next.add(one);
            nextRuns.add(runId);
        }

        /** The runs whose first waiting record has waited long enough go to the next group. */
        private void takeWaitedEnough(long now) {
            for (var runs = waiting.values().iterator(); runs.hasNext(); ) {
                List<Received> runWaiting = runs.next();
                if (now - runWaiting.getFirst().due() < 0) {
                    return;
                }
                next.addAll(runWaiting);
                nextRuns.add(runWaiting.getFirst().change().runId());
                metrics.waitingForOutcome(-runWaiting.size());
                runs.remove();
            }
        }

        /**
         * Calls {@link #recordWaiting} at {@code due}, unless a call is already set: it is set no later, since the
         * first waiting record is the oldest one.
         */
        private void remindAt(long due) {
            if (reminded.compareAndSet(false, true)) {
                long delay = Math.max(1, TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime()) + 1);
                vertx.setTimer(delay, id -> {
                    reminded.set(false);
                    recordWaiting();
                });
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
