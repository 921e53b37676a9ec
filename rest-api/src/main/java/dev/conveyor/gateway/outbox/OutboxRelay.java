package dev.conveyor.gateway.outbox;

import dev.conveyor.contract.EventHeaders;
import dev.conveyor.contract.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
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
 * Publishes outbox records to Kafka in id order and marks them published, in batches.
 *
 * <p>Each batch locks its rows with {@code FOR UPDATE SKIP LOCKED}, so several gateway instances share the
 * backlog without publishing a row twice, and waits for the broker's acks before marking the rows in the same
 * transaction. If Kafka is unreachable the batch times out, the transaction rolls back and the rows stay for the
 * next attempt; a record sent but not marked (crash between ack and commit) is sent again, and consumers
 * deduplicate it by its CloudEvents id. A launch wakes the relay at once; the poll catches everything else.
 * Plain SQL on the reactive pool: no Hibernate session, so it runs from any thread without a request context.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String NEXT_BATCH = "SELECT id, record_key, payload, headers, traceparent FROM outbox"
            + " WHERE published_at IS NULL AND topic = $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED";
    private static final String MARK_PUBLISHED = "UPDATE outbox SET published_at = now() WHERE id = ANY($1)";
    private static final String BACKLOG = "SELECT count(*) FROM outbox WHERE published_at IS NULL";
    private static final String PURGE = "DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1)";

    private final Pool pool;
    /** Field injection: the messaging extension only wires emitters declared on fields. */
    @Inject
    @Channel(Topics.PENDING_TASKS)
    MutinyEmitter<byte[]> pendingTasks;
    private final int batchSize;
    private final Duration sendTimeout;
    private final Duration retention;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong backlog = new AtomicLong();

    public OutboxRelay(Pool pool,
                       MeterRegistry registry,
                       @ConfigProperty(name = "conveyor.outbox.batch-size") int batchSize,
                       @ConfigProperty(name = "conveyor.outbox.send-timeout") Duration sendTimeout,
                       @ConfigProperty(name = "conveyor.outbox.retention") Duration retention) {
        this.pool = pool;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
        this.retention = retention;
        registry.gauge("conveyor.outbox.backlog", backlog);
    }

    /** The in-process signal that a launch committed: publish now rather than at the next poll. */
    public void wake() {
        drain().subscribe().with(ignored -> { }, failure -> LOG.debug("Outbox drain after launch failed", failure));
    }

    @Scheduled(every = "${conveyor.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return drain()
                .chain(this::refreshBacklog)
                .onFailure().recoverWithUni(this::refreshBacklog);
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
                .execute(Tuple.of(Topics.PENDING_TASKS, batchSize))
                .chain(rows -> rows.size() == 0
                        ? Uni.createFrom().item(0)
                        : send(rows).chain(ids -> markPublished(connection, ids)).replaceWith(rows.size())));
    }

    private Uni<List<Long>> send(RowSet<Row> rows) {
        List<Uni<Void>> acks = new ArrayList<>(rows.size());
        List<Long> ids = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ids.add(row.getLong("id"));
            acks.add(pendingTasks.sendMessage(toMessage(row)));
        }
        return Uni.join().all(acks).andFailFast()
                .ifNoItem().after(sendTimeout).fail()
                .replaceWith(ids);
    }

    private static Uni<Void> markPublished(SqlConnection connection, List<Long> ids) {
        return connection.preparedQuery(MARK_PUBLISHED).execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
    }

    private static Message<byte[]> toMessage(Row row) {
        RecordHeaders headers = new RecordHeaders();
        JsonObject stored = row.getJsonObject("headers");
        stored.forEach(header -> headers.add(header.getKey(), utf8(header.getValue())));
        String traceparent = row.getString("traceparent");
        if (traceparent != null) {
            headers.add(EventHeaders.TRACEPARENT, utf8(traceparent));
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(row.getString("record_key"))
                .withHeaders(headers)
                .build();
        return Message.of(row.getBuffer("payload").getBytes()).addMetadata(metadata);
    }

    private static byte[] utf8(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    private Uni<Void> refreshBacklog() {
        return pool.query(BACKLOG).execute()
                .invoke(rows -> backlog.set(rows.iterator().next().getLong(0)))
                .replaceWithVoid();
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
