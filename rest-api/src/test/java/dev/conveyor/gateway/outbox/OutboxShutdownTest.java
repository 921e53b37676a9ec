package dev.conveyor.gateway.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conveyor.contract.EventHeaders;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** At shutdown the relay publishes until the outbox is empty (or the shutdown timeout ends). */
@QuarkusTest
class OutboxShutdownTest {

    @Inject
    OutboxRelay relay;

    @Inject
    Pool database;

    @Test
    void publishRemainingReturnsOnceEveryRecordIsPublished() {
        // More than two batches, written as a crash would leave them: committed, nobody woken.
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            UUID runId = UUID.randomUUID();
            rows.add(Tuple.of(runId, runId.toString(), Buffer.buffer(new byte[0]),
                    new JsonObject().put(EventHeaders.ID, UUID.randomUUID().toString())));
        }
        database.preparedQuery("INSERT INTO outbox (run_id, topic, record_key, payload, headers, created_at)"
                        + " VALUES ($1, 'pending-tasks', $2, $3, $4, now())")
                .executeBatch(rows).await().atMost(Duration.ofSeconds(10));

        relay.publishRemaining(Duration.ofSeconds(60));

        long unpublished = database.query("SELECT count(*) FROM outbox WHERE published_at IS NULL").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertEquals(0L, unpublished);
    }
}
