package dev.conveyor.gateway.run;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Clears Idempotency-Keys older than the retention, so the unique index only holds live keys; the launches stay.
 * Launches skip expired keys anyway (and free one that is reused before this runs). Plain SQL: a bulk update
 * needs no entities, and runs from the scheduler without a request context.
 */
@ApplicationScoped
public class IdempotencyKeyPurge {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyPurge.class);
    private static final String PURGE = "UPDATE run_launch SET idempotency_key = NULL"
            + " WHERE idempotency_key IS NOT NULL AND created_at < now() - make_interval(secs => $1)";

    private final Pool pool;
    private final Duration retention;

    public IdempotencyKeyPurge(Pool pool, @ConfigProperty(name = "conveyor.launch.idempotency-retention") Duration retention) {
        this.pool = pool;
        this.retention = retention;
    }

    @Scheduled(every = "${conveyor.launch.idempotency-purge-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> purge() {
        return pool.preparedQuery(PURGE).execute(Tuple.of(retention.toSeconds()))
                .invoke(rows -> LOG.debugf("Cleared %d expired Idempotency-Keys", rows.rowCount()))
                .replaceWithVoid();
    }
}
