package dev.conveyor.gateway.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.gateway.support.Columns;
import dev.conveyor.gateway.support.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Inserts outbox records on the caller's connection, inside its transaction: all of them in one statement (arrays
 * unnested into rows), so a batch launch of 1,000 runs is one round trip, not 1,000. Nothing depends on the order
 * of one call's records, which the relay publishes in id order: each is about a different run.
 */
@ApplicationScoped
public class OutboxStore {

    private static final String INSERT = "INSERT INTO outbox"
            + " (run_id, action, topic, record_key, payload, headers, traceparent, created_at)"
            + " SELECT run_id, action, topic, record_key, payload, headers::jsonb, traceparent, created_at"
            + " FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::bytea[], $6::text[],"
            + " $7::varchar[], $8::timestamptz[])"
            + " AS record(run_id, action, topic, record_key, payload, headers, traceparent, created_at)";

    private final ObjectMapper json;

    OutboxStore(ObjectMapper json) {
        this.json = json;
    }

    Uni<Void> insert(SqlConnection connection, List<OutboxRecord> records) {
        return connection.preparedQuery(INSERT)
                .execute(Tuple.tuple(List.of(
                        Columns.of(records, OutboxRecord::runId, UUID[]::new),
                        Columns.of(records, OutboxRecord::action, String[]::new),
                        Columns.of(records, OutboxRecord::topic, String[]::new),
                        Columns.of(records, OutboxRecord::recordKey, String[]::new),
                        Columns.of(records, record -> Buffer.buffer(record.payload()), Buffer[]::new),
                        Columns.of(records, this::headersJson, String[]::new),
                        Columns.of(records, OutboxRecord::traceparent, String[]::new),
                        Columns.of(records, record -> Times.utc(record.createdAt()), OffsetDateTime[]::new))))
                .replaceWithVoid();
    }

    private String headersJson(OutboxRecord record) {
        try {
            return json.writeValueAsString(record.headers());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serialises", e);
        }
    }
}
