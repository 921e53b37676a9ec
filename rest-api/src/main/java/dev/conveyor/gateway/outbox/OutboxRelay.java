package dev.conveyor.gateway.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes outbox records to Kafka in id order and marks them published, in batches. Each record names its
 * topic (launches and re-drives go to pending-tasks, cancellations to run-control) and its key, the run id.
 *
 * <p>Each batch locks its rows with {@code FOR UPDATE SKIP LOCKED}, so several gateway instances share the
 * backlog without publishing a row twice, and waits for the broker's acks before marking the rows in the same
 * transaction. If Kafka is unreachable the batch times out, the transaction rolls back and the rows stay for the
 * next attempt; a record sent but not marked (crash between ack and commit) is sent again, and consumers
 * deduplicate it by its CloudEvents id. A committed write wakes the relay at once; the poll catches everything
 * else, and at shutdown the relay goes on until the outbox is empty or the shutdown timeout ends.
 * Plain SQL on the reactive pool: no Hibernate session, so it runs from any thread without a request context.
 * Each record goes out in a publish span that continues the trace stored with its row ({@link OutboxTracing}).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String NEXT_BATCH = "SELECT id, run_id, action, topic, record_key, payload, headers,"
            + " traceparent FROM outbox"
            + " WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED";
    private static final String MARK_PUBLISHED = "UPDATE outbox SET published_at = now() WHERE id = ANY($1)";
    private static final String BACKLOG = "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)"
            + " FROM outbox WHERE published_at IS NULL";
    private static final String PURGE = "DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1)";

    /** Between drains at shutdown while rows remain (locked by another instance, or Kafka failing). */
    private static final Duration SHUTDOWN_PAUSE = Duration.ofMillis(100);

    private final Pool pool;
    private final OutboxTracing tracing;
    /**
     * One producer for every topic: each record names its own (pending-tasks, run-control). Field injection: the
     * messaging extension only wires emitters declared on fields.
     */
    @Inject
    @Channel("outbox")
    MutinyEmitter<byte[]> kafka;
    private final int batchSize;
    private final Duration sendTimeout;
    private final Duration retention;
    private final Duration shutdownTimeout;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final Counter published;

    public OutboxRelay(Pool pool,
                       OutboxTracing tracing,
                       MeterRegistry registry,
                       @ConfigProperty(name = "conveyor.outbox.batch-size") int batchSize,
                       @ConfigProperty(name = "conveyor.outbox.send-timeout") Duration sendTimeout,
                       @ConfigProperty(name = "conveyor.outbox.retention") Duration retention,
                       @ConfigProperty(name = "quarkus.shutdown.timeout") Duration shutdownTimeout) {
        this.pool = pool;
        this.tracing = tracing;
        this.shutdownTimeout = shutdownTimeout;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
        this.retention = retention;
        registry.gauge("conveyor.outbox.backlog", backlog);
        Gauge.builder("conveyor.outbox.oldest.age", oldestAgeMillis, age -> age.get() / 1000.0)
                .baseUnit("seconds")
                .register(registry);
        this.published = registry.counter("conveyor.outbox.published");
    }

    /** The in-process signal that outbox records committed: publish now rather than at the next poll. */
    public void wake() {
        drain().subscribe().with(ignored -> { }, failure -> LOG.debug("Outbox drain after a commit failed", failure));
    }

    @Scheduled(every = "${conveyor.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return drain()
                // Logged once per outage by failed(); the gauges are refreshed either way.
                .onFailure().recoverWithNull()
                .chain(this::backlog)
                // The database is away (or closing at shutdown): the next poll tries again.
                .onFailure().invoke(f -> LOG.debugf("Outbox backlog not refreshed: %s", f.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * The HTTP server has stopped taking requests: publish what is left until the outbox is empty or
     * quarkus.shutdown.timeout has passed; the next gateway publishes anything still there. Observers of the
     * shutdown event run on the thread stopping the application, so waiting here blocks no event loop, and
     * Kafka producers close only after them.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        publishRemaining(shutdownTimeout);
    }

    /** Drains, counts what is left (rows of other instances included), and goes on while anything is. */
    void publishRemaining(Duration budget) {
        try {
            long left = Multi.createBy().repeating()
                    .uni(() -> drain().onFailure().recoverWithNull().chain(this::backlog))
                    .withDelay(SHUTDOWN_PAUSE)
                    .whilst(count -> count > 0)
                    .collect().last()
                    .await().atMost(budget);
            LOG.infof("Outbox drained before shutdown (%d records left)", left);
        } catch (TimeoutException e) {
            LOG.warnf("Shutdown timeout reached with %d outbox records unpublished; the next gateway publishes them",
                    backlog.get());
        }
    }

    @Scheduled(every = "${conveyor.outbox.cleanup-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purgePublished() {
        return pool.preparedQuery(PURGE).execute(Tuple.of(retention.toSeconds()))
                .invoke(rows -> LOG.debugf("Purged %d published outbox records", rows.rowCount()))
                .replaceWithVoid();
    }

    /** Publishes batches until the backlog is empty; a drain already running in this instance absorbs the call. */
    Uni<Void> drain() {
        requested.set(true);
        if (!draining.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createBy().repeating()
                .uni(() -> {
                    requested.set(false);
                    return publishBatch();
                })
                .whilst(published -> published == batchSize || requested.get())
                .onItem().ignoreAsUni()
                .invoke(this::recovered)
                .onFailure().invoke(this::failed)
                .eventually(() -> draining.set(false));
    }

    private Uni<Integer> publishBatch() {
        return pool.withTransaction(connection -> connection.preparedQuery(NEXT_BATCH)
                .execute(Tuple.of(batchSize))
                .chain(rows -> rows.size() == 0
                        ? Uni.createFrom().item(0)
                        : send(rows).chain(ids -> markPublished(connection, ids)).replaceWith(rows.size())))
                .invoke(count -> published.increment(count));
    }

    private Uni<List<Long>> send(RowSet<Row> rows) {
        List<Uni<Void>> acks = new ArrayList<>(rows.size());
        List<Long> ids = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ids.add(row.getLong("id"));
            acks.add(publish(row));
        }
        return Uni.join().all(acks).andFailFast()
                .ifNoItem().after(sendTimeout).fail()
                .replaceWith(ids);
    }

    private static Uni<Void> markPublished(SqlConnection connection, List<Long> ids) {
        return connection.preparedQuery(MARK_PUBLISHED).execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
    }

    /** Sends one row's record in its publish span, which continues the trace of the request that wrote the row. */
    private Uni<Void> publish(Row row) {
        RecordHeaders headers = new RecordHeaders();
        JsonObject stored = row.getJsonObject("headers");
        stored.forEach(header -> headers.add(header.getKey(), utf8(header.getValue())));
        Span span = tracing.publishing(new OutboxTracing.PublishedRow(row.getString("topic"),
                row.getString("record_key"), String.valueOf(row.getUUID("run_id")), row.getString("action"),
                row.getString("traceparent")), headers);
        return OutboxTracing.acknowledged(span, kafka.sendMessage(toMessage(row, headers)));
    }

    private static Message<byte[]> toMessage(Row row, RecordHeaders headers) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("record_key"))
                .withHeaders(headers)
                .build();
        return Message.of(row.getBuffer("payload").getBytes()).addMetadata(metadata);
    }

    private static byte[] utf8(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Unpublished records now; refreshes the gauges. */
    private Uni<Long> backlog() {
        return pool.query(BACKLOG).execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    backlog.set(row.getLong(0));
                    oldestAgeMillis.set(Math.round(row.getDouble(1) * 1000));
                    return row.getLong(0);
                });
    }

    private void recovered() {
        if (failing.compareAndSet(true, false)) {
            LOG.info("Outbox relay is publishing again");
        }
    }

    /** Logged once per outage, not on every poll. */
    private void failed(Throwable failure) {
        if (failing.compareAndSet(false, true)) {
            LOG.warnf("Outbox relay cannot publish (records stay queued and are retried): %s", failure.toString());
        }
    }
}
