package dev.conveyor.worker.kafka;

import dev.conveyor.worker.ShutdownSignal;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * An outcome is never dropped: a publish Kafka refused (after the producer's own retries) is tried again, with
 * backoff, until it succeeds or the worker shuts down. Meanwhile the record stays unacked and its slot occupied, so
 * consumption slows down by itself; at shutdown the record is left for the next owner of its partition.
 */
@ApplicationScoped
public class PublishRetry {

    private static final Logger LOG = Logger.getLogger(PublishRetry.class);
    private static final Duration FIRST_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final ShutdownSignal shutdown;

    public PublishRetry(ShutdownSignal shutdown) {
        this.shutdown = shutdown;
    }

    /** Calls {@code send} again after each failure; the timers between tries hold no thread. */
    Uni<Void> untilPublished(String what, Supplier<Uni<? extends Void>> send) {
        return Uni.createFrom().deferred(send)
                .onFailure().invoke(failure -> LOG.warnf("Could not publish %s (%s)%s", what, failure.getMessage(),
                        shutdown.raised() ? "; shutting down, left for redelivery" : "; trying again"))
                .onFailure(failure -> !shutdown.raised()).retry()
                .withBackOff(FIRST_DELAY, MAX_DELAY).withJitter(0.5).indefinitely();
    }
}
