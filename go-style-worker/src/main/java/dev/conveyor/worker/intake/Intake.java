package dev.conveyor.worker.intake;

import dev.conveyor.worker.ShutdownSignal;
import dev.conveyor.worker.run.IncomingRun;
import dev.conveyor.worker.run.RunProcessor;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where records of both pending-tasks and pending-tasks-retry (once due) enter processing, counted so that shutdown
 * can let them finish. A retry still waiting for its time is not counted: at shutdown it is simply never acked.
 */
@ApplicationScoped
public class Intake {

    private static final Logger LOG = Logger.getLogger(Intake.class);

    private final RunProcessor processor;
    private final ShutdownSignal shutdown;
    private final Duration drainTimeout;
    private final AtomicInteger processing = new AtomicInteger();
    private final CompletableFuture<Void> idle = new CompletableFuture<>();

    public Intake(RunProcessor processor, ShutdownSignal shutdown,
                  @ConfigProperty(name = "quarkus.shutdown.timeout") Duration drainTimeout) {
        this.processor = processor;
        this.shutdown = shutdown;
        this.drainTimeout = drainTimeout;
    }

    Uni<Void> process(IncomingRun run) {
        // Counted before the check, so drain() never misses a record that slipped past it.
        processing.incrementAndGet();
        if (shutdown.raised()) {
            // Neither acked nor nacked: its offset is not committed, so the next owner of the partition runs it.
            finished();
            return Uni.createFrom().voidItem();
        }
        return processor.process(run).onTermination().invoke(this::finished);
    }

    private void finished() {
        if (processing.decrementAndGet() == 0 && shutdown.raised()) {
            idle.complete(null);
        }
    }

    /**
     * Runs before the Kafka connector closes (that happens when the application scope is destroyed, after this
     * event): stop starting attempts and let those in flight finish and commit, within {@code
     * quarkus.shutdown.timeout}. Whatever is still running then is redelivered to another worker.
     */
    void drain(@Observes ShutdownEvent event) {
        shutdown.raise();
        if (processing.get() == 0) {
            idle.complete(null);
        }
        try {
            idle.get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Shutting down with %d records in process; Kafka redelivers them", processing.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("idle is only ever completed normally", e);
        }
    }
}
