package dev.conveyor.worker.cancel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.conveyor.worker.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The runs cancelled within the retention, with when: bounded (the oldest are evicted first) and expiring, so
 * reading the whole of run-control at every start costs a fixed amount of memory.
 */
@ApplicationScoped
public class CancelledRuns {

    private final Cache<String, Instant> cancelledAt;
    private final Duration retention;
    private final Clock clock;

    @Inject
    public CancelledRuns(WorkerConfig config) {
        this(config.cancellation().retention(), config.cancellation().maxRuns(), Clock.systemUTC());
    }

    CancelledRuns(Duration retention, int maxRuns, Clock clock) {
        this.retention = retention;
        this.clock = clock;
        // Each entry lives for what is left of the retention after its cancellation, not after it was read here.
        this.cancelledAt = Caffeine.newBuilder()
                .maximumSize(maxRuns)
                .expireAfter(Expiry.creating((String runId, Instant at) -> remaining(at)))
                .build();
    }

    /** Remembers a cancellation, unless it is already older than the retention. */
    void add(String runId, Instant at) {
        if (remaining(at).isPositive()) {
            cancelledAt.asMap().merge(runId, at, (known, later) -> later.isAfter(known) ? later : known);
        }
    }

    Optional<Instant> cancelledAt(String runId) {
        return Optional.ofNullable(cancelledAt.getIfPresent(runId));
    }

    private Duration remaining(Instant at) {
        return retention.minus(Duration.between(at, clock.instant()));
    }
}
