package dev.conveyor.worker.run;

import dev.conveyor.proto.RunRequested;
import dev.conveyor.worker.WorkerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds {@code pending-tasks} to {@link RunProcessor}, up to {@code conveyor.worker.max-in-flight} runs at once. A
 * bounded merge rather than one run per partition: a run that waits (sleep, I/O) holds no thread and does not hold up
 * the runs behind it. Acks arrive out of order, which the throttled commit strategy turns into safe offset commits.
 */
@ApplicationScoped
public class PendingTasksConsumer {

    private static final Logger LOG = Logger.getLogger(PendingTasksConsumer.class);

    private final Multi<Message<RunRequested>> requests;
    private final RunProcessor processor;
    private final int maxInFlight;
    private final Duration drainTimeout;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CompletableFuture<Void> idle = new CompletableFuture<>();

    public PendingTasksConsumer(@Channel("pending-tasks") Multi<Message<RunRequested>> requests,
                                RunProcessor processor,
                                WorkerConfig config,
                                @ConfigProperty(name = "quarkus.shutdown.timeout") Duration drainTimeout,
                                MeterRegistry registry) {
        this.requests = requests;
        this.processor = processor;
        this.maxInFlight = config.maxInFlight();
        this.drainTimeout = drainTimeout;
        Gauge.builder("conveyor.worker.runs.in.flight", inFlight, AtomicInteger::get)
                .description("Runs this worker is executing now; at max-in-flight, requests wait in Kafka")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        requests.onItem().transformToUni(this::process).merge(maxInFlight)
                .subscribe().with(
                        ignored -> { },
                        failure -> LOG.error("pending-tasks stopped: no more runs are taken", failure));
    }

    private Uni<Void> process(Message<RunRequested> message) {
        // Counted before the check, so drain() never misses a run that slipped past it.
        inFlight.incrementAndGet();
        if (draining.get()) {
            // Neither acked nor nacked: its offset is not committed, so the next owner of the partition runs it.
            finished();
            return Uni.createFrom().voidItem();
        }
        return processor.process(message).onTermination().invoke(this::finished);
    }

    private void finished() {
        if (inFlight.decrementAndGet() == 0 && draining.get()) {
            idle.complete(null);
        }
    }

    /**
     * Runs before the Kafka connector closes: stop starting runs and let those in flight finish and commit, within
     * {@code quarkus.shutdown.timeout}. Whatever is still running then is redelivered to another worker.
     */
    void drain(@Observes ShutdownEvent event) {
        draining.set(true);
        if (inFlight.get() == 0) {
            idle.complete(null);
        }
        try {
            idle.get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Shutting down with %d runs in flight; Kafka redelivers them", inFlight.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("idle is only ever completed normally", e);
        }
    }
}
