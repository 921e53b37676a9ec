package dev.conveyor.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** The worker's own settings, under {@code conveyor.worker}. */
@ConfigMapping(prefix = "conveyor.worker")
public interface WorkerConfig {

    /** Identifies this worker in events ({@code WORKER_ID}); hostname plus a random suffix when unset. */
    Optional<String> id();

    /** Runs executed at once by this worker; more requests wait in Kafka (backpressure). */
    @WithDefault("64")
    @Min(1)
    int maxInFlight();

    /** Timeout of a run whose request does not set one. */
    @WithDefault("30s")
    Duration defaultTimeout();

    /** Threads for CPU-bound actions; the number of CPUs when unset. */
    OptionalInt cpuThreads();
}
