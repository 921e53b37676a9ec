package dev.conveyor.gateway.run;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class RunLaunchRepository implements PanacheRepositoryBase<RunLaunch, UUID> {

    public static final String IDEMPOTENCY_UNIQUE = "run_launch_idempotency_key";

    public Uni<RunLaunch> findByIdempotencyKey(UUID ownerId, String key) {
        return find("ownerId = ?1 and idempotencyKey = ?2", ownerId, key).firstResult();
    }
}
