package dev.conveyor.gateway.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.gateway.outbox.OutboxRecord;
import dev.conveyor.gateway.outbox.OutboxStore;
import dev.conveyor.gateway.support.Columns;
import dev.conveyor.gateway.support.Times;
import dev.conveyor.gateway.task.Priority;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The launch path's SQL: the tasks to launch and the run_launch rows, on the caller's connection. Plain SQL on the
 * reactive pool, not Hibernate: launching is the gateway's hot path, where Hibernate's session and query translation
 * were most of a launch's CPU (profiled), and a batch of launches is one multi-row INSERT (arrays unnested into rows)
 * instead of a statement per launch, in the same statement as its outbox records.
 */
@ApplicationScoped
public class LaunchStore {

    /** The unique constraint on (launched_by, idempotency_key). */
    public static final String IDEMPOTENCY_UNIQUE = "run_launch_idempotency_key";

    private static final String TASKS = "SELECT id, owner_id, action, input::text AS input, priority, max_attempts,"
            + " timeout_ms FROM task WHERE id = ANY($1)";
    private static final String COLUMNS = "id, task_id, owner_id, launched_by, action, input::text AS input, priority,"
            + " max_attempts, timeout_ms, idempotency_key, created_at";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM run_launch WHERE id = $1";
    private static final String LIVE_KEYS = "SELECT " + COLUMNS + " FROM run_launch"
            + " WHERE launched_by = $1 AND idempotency_key = ANY($2) AND created_at >= $3";
    private static final String RELEASE_EXPIRED_KEYS = "UPDATE run_launch SET idempotency_key = NULL"
            + " WHERE launched_by = $1 AND idempotency_key = ANY($2) AND created_at < $3";
    private static final String INSERT = "INSERT INTO run_launch (id, task_id, owner_id, launched_by, action, input,"
            + " priority, max_attempts, timeout_ms, idempotency_key, created_at)"
            + " SELECT id, task_id, owner_id, launched_by, action, input::jsonb, priority, max_attempts, timeout_ms,"
            + " idempotency_key, created_at"
            + " FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::varchar[], $6::text[], $7::varchar[],"
            + " $8::int[], $9::bigint[], $10::varchar[], $11::timestamptz[])"
            + " AS launch(id, task_id, owner_id, launched_by, action, input, priority, max_attempts, timeout_ms,"
            + " idempotency_key, created_at)";
    /**
     * The launches and their outbox records in one statement, atomic without a transaction of its own; the outbox
     * parameters follow the launches' eleven.
     */
    private static final String INSERT_WITH_OUTBOX = "WITH launch AS (" + INSERT + ") "
            + OutboxStore.insertStatement(12);
    private static final String MARK_REDRIVE = "UPDATE run_launch SET redrive_attempt = $2, redriven_at = $3"
            + " WHERE id = $1 AND (redrive_attempt IS NULL OR redrive_attempt < $2)";

    private final ObjectMapper json;
    private final OutboxStore outbox;

    LaunchStore(ObjectMapper json, OutboxStore outbox) {
        this.json = json;
        this.outbox = outbox;
    }

    /** The tasks with these ids that exist, whoever owns them. */
    Uni<List<LaunchableTask>> tasks(SqlClient sql, Collection<UUID> ids) {
        return sql.preparedQuery(TASKS)
                .mapping(row -> new LaunchableTask(row.getUUID("id"), row.getUUID("owner_id"),
                        row.getString("action"), compact(row.getString("input")),
                        Priority.valueOf(row.getString("priority")), row.getInteger("max_attempts"),
                        row.getLong("timeout_ms")))
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(tasks -> tasks.stream().toList());
    }

    /** The launch of this run, or null. */
    Uni<RunLaunch> find(SqlClient sql, UUID id) {
        return sql.preparedQuery(BY_ID).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : launch(rows.iterator().next()));
    }

    /** The launches these keys of this user created since the cutoff (older keys have expired). */
    Uni<List<RunLaunch>> findByLiveKeys(SqlClient sql, UUID launchedBy, Collection<String> keys, Instant cutoff) {
        return sql.preparedQuery(LIVE_KEYS)
                .mapping(this::launch)
                .execute(Tuple.of(launchedBy, keys.toArray(String[]::new), Times.utc(cutoff)))
                .map(launches -> launches.stream().toList());
    }

    /** Frees expired keys the periodic purge has not cleared yet, so they can be used again. */
    Uni<Void> releaseExpiredKeys(SqlClient sql, UUID launchedBy, Collection<String> keys, Instant cutoff) {
        return sql.preparedQuery(RELEASE_EXPIRED_KEYS)
                .execute(Tuple.of(launchedBy, keys.toArray(String[]::new), Times.utc(cutoff)))
                .replaceWithVoid();
    }

    /**
     * Inserts the launches in the order given and their outbox records, in one statement; a taken Idempotency-Key
     * fails it whole.
     */
    Uni<Void> insert(SqlClient sql, List<RunLaunch> launches, List<OutboxRecord> records) {
        List<Object> parameters = new ArrayList<>(List.of(
                Columns.of(launches, RunLaunch::id, UUID[]::new),
                Columns.of(launches, RunLaunch::taskId, UUID[]::new),
                Columns.of(launches, RunLaunch::ownerId, UUID[]::new),
                Columns.of(launches, RunLaunch::launchedBy, UUID[]::new),
                Columns.of(launches, RunLaunch::action, String[]::new),
                Columns.of(launches, RunLaunch::inputJson, String[]::new),
                Columns.of(launches, launch -> launch.priority().name(), String[]::new),
                Columns.of(launches, RunLaunch::maxAttempts, Integer[]::new),
                Columns.of(launches, RunLaunch::timeoutMs, Long[]::new),
                Columns.of(launches, RunLaunch::idempotencyKey, String[]::new),
                Columns.of(launches, launch -> Times.utc(launch.createdAt()), OffsetDateTime[]::new)));
        parameters.addAll(outbox.columns(records));
        return sql.preparedQuery(INSERT_WITH_OUTBOX).execute(Tuple.tuple(parameters)).replaceWithVoid();
    }

    /** Records a re-drive to this attempt unless one to this attempt or a later one was recorded: 1 or 0 rows. */
    Uni<Integer> markRedrive(SqlClient sql, UUID id, int attempt, Instant at) {
        return sql.preparedQuery(MARK_REDRIVE).execute(Tuple.of(id, attempt, Times.utc(at)))
                .map(RowSet::rowCount);
    }

    private RunLaunch launch(Row row) {
        return new RunLaunch(row.getUUID("id"), row.getUUID("task_id"), row.getUUID("owner_id"),
                row.getUUID("launched_by"), row.getString("action"), compact(row.getString("input")),
                Priority.valueOf(row.getString("priority")), row.getInteger("max_attempts"),
                row.getLong("timeout_ms"), row.getString("idempotency_key"),
                row.getOffsetDateTime("created_at").toInstant());
    }

    /** The JSON as the contract messages carry it, whatever spacing PostgreSQL's jsonb output has. */
    private String compact(String stored) {
        try {
            return json.writeValueAsString(json.readValue(stored, Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A jsonb column always holds valid JSON", e);
        }
    }

    /** What a launch snapshots of its task. */
    record LaunchableTask(UUID id, UUID ownerId, String action, String inputJson, Priority priority,
                          int maxAttempts, long timeoutMs) {
    }
}
