package dev.conveyor.gateway.run;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RunLaunchRepository implements PanacheRepositoryBase<RunLaunch, UUID> {

    public static final String IDEMPOTENCY_UNIQUE = "run_launch_idempotency_key";

    /** The launches these keys of this user created since the cutoff (older keys have expired). */
    public Uni<List<RunLaunch>> findByLiveKeys(UUID launchedBy, Collection<String> keys, Instant cutoff) {
        return list("launchedBy = ?1 and idempotencyKey in ?2 and createdAt >= ?3", launchedBy, keys, cutoff);
    }

    /** Frees expired keys the periodic purge has not cleared yet, so they can be used again. */
    public Uni<Integer> releaseExpiredKeys(UUID launchedBy, Collection<String> keys, Instant cutoff) {
        return update("idempotencyKey = null where launchedBy = ?1 and idempotencyKey in ?2 and createdAt < ?3",
                launchedBy, keys, cutoff);
    }

    /** Records a re-drive to this attempt unless one to this attempt or a later one was recorded: 1 or 0 rows. */
    public Uni<Integer> markRedrive(UUID id, int attempt, Instant at) {
        return update("redriveAttempt = ?2, redrivenAt = ?3 where id = ?1 and (redriveAttempt is null or redriveAttempt < ?2)",
                id, attempt, at);
    }
}
