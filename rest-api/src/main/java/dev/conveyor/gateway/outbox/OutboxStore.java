package dev.conveyor.gateway.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.gateway.support.Columns;
import dev.conveyor.gateway.support.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Inserts outbox records on the caller's connection, inside its transaction: all of them in one statement (arrays
 * unnested into rows), so a batch launch of 1,000 runs is one round trip, not 1,000. The statement can also follow
 * another one's WITH, so that a launch's rows and its records are one statement, atomic without a transaction (see
 * {@code LaunchStore}). Nothing depends on the order of one call's records, which the relay publishes in id order:
 * each is about a different run.
 */
@ApplicationScoped
public class OutboxStore {

    private static final String INSERT = insertStatement(1);

    private final ObjectMapper json;

    OutboxStore(ObjectMapper json) {
        this.json = json;
    }

    /** The INSERT of records whose eight array parameters, {@link #columns}, start at {@code $first}. */
    public static String insertStatement(int first) {
        return "INSERT INTO outbox (run_id, action, topic, record_key, payload, headers, traceparent, created_at)"
                + " SELECT run_id, action, topic, record_key, payload, headers::jsonb, traceparent, created_at"
                + " FROM unnest($%d::uuid[], $%d::varchar[], $%d::varchar[], $%d::varchar[], $%d::bytea[],"
                .formatted(first, first + 1, first + 2, first + 3, first + 4)
                + " $%d::text[], $%d::varchar[], $%d::timestamptz[])".formatted(first + 5, first + 6, first + 7)
                + " AS record(run_id, action, topic, record_key, payload, headers, traceparent, created_at)";
    }

    Uni<Void> insert(SqlClient sql, List<OutboxRecord> records) {
        return sql.preparedQuery(INSERT).execute(Tuple.tuple(columns(records))).replaceWithVoid();
    }

    /** The parameters of {@link #insertStatement}: the records' columns, one array each. */
    public List<Object> columns(List<OutboxRecord> records) {
        return List.of(
                Columns.of(records, OutboxRecord::runId, UUID[]::new),
                Columns.of(records, OutboxRecord::action, String[]::new),
                Columns.of(records, OutboxRecord::topic, String[]::new),
                Columns.of(records, OutboxRecord::recordKey, String[]::new),
                Columns.of(records, record -> Buffer.buffer(record.payload()), Buffer[]::new),
                Columns.of(records, this::headersJson, String[]::new),
                Columns.of(records, OutboxRecord::traceparent, String[]::new),
                Columns.of(records, record -> Times.utc(record.createdAt()), OffsetDateTime[]::new));
    }

    private String headersJson(OutboxRecord record) {
        try {
            return json.writeValueAsString(record.headers());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serialises", e);
        }
    }
}
