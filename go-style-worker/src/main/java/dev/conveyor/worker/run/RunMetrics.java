package dev.conveyor.worker.run;

import dev.conveyor.actions.ActionCatalog;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.worker.ProtoTime;
import dev.conveyor.worker.kafka.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's rows of docs/METRICS.md. Labels are low-cardinality only: {@code action} is a catalog name or
 * {@code unknown} (action names come from requests), {@code status} a run status, {@code reason} a
 * {@link DeadLetterReason}.
 */
@ApplicationScoped
public class RunMetrics {

    /** The SLO-friendly buckets of docs/METRICS.md, so dashboards can read "within 30 s" off one bucket. */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};

    static final String UNKNOWN_ACTION = "unknown";

    private final MeterRegistry registry;
    private final Set<String> actions;
    private final AtomicInteger inFlight = new AtomicInteger();

    public RunMetrics(MeterRegistry registry, ActionCatalog catalog) {
        this.registry = registry;
        this.actions = catalog.names();
        Gauge.builder("conveyor.runs.in.flight", inFlight, AtomicInteger::get)
                .description("Attempts executing now on this worker")
                .register(registry);
    }

    /** The attempt starts, having waited since its launch or since its retry was due. */
    void started(RunRequested request, Instant startedAt) {
        String action = action(request.getRun().getAction());
        Counter.builder("conveyor.runs.started")
                .description("Attempts started")
                .tag("action", action)
                .register(registry)
                .increment();
        queuedSince(request).ifPresent(since -> Timer.builder("conveyor.run.queue.wait")
                .description("From launch (or the retry's not-before) to the attempt's start")
                .tag("action", action)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(Duration.between(since, startedAt).isNegative() ? Duration.ZERO
                        : Duration.between(since, startedAt)));
    }

    /** An attempt's outcome; {@code execution} is empty when the attempt never ran (cancelled, unknown action). */
    void completed(String requestedAction, RunStatus status, Optional<Duration> execution) {
        String action = action(requestedAction);
        Counter.builder("conveyor.runs.completed")
                .description("Attempt outcomes")
                .tag("action", action)
                .tag("status", status.name())
                .register(registry)
                .increment();
        execution.ifPresent(took -> Timer.builder("conveyor.run.execution")
                .description("One attempt's execution")
                .tag("action", action)
                .tag("status", status.name())
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(took));
    }

    void deadLettered(String requestedAction, DeadLetterReason reason) {
        Counter.builder("conveyor.runs.dead.lettered")
                .description("Records sent to pending-tasks-dlq")
                .tag("action", action(requestedAction))
                .tag("reason", reason.label())
                .register(registry)
                .increment();
    }

    /** Counts the attempt in {@code conveyor_runs_in_flight} while it executes. */
    <T> Uni<T> executing(Uni<T> execution) {
        return Uni.createFrom().deferred(() -> {
            inFlight.incrementAndGet();
            return execution.onTermination().invoke(inFlight::decrementAndGet);
        });
    }

    private static Optional<Instant> queuedSince(RunRequested request) {
        return request.hasNotBefore()
                ? ProtoTime.instant(request.getNotBefore())
                : ProtoTime.instant(request.getCreatedAt());
    }

    private String action(String requested) {
        return actions.contains(requested) ? requested : UNKNOWN_ACTION;
    }
}
