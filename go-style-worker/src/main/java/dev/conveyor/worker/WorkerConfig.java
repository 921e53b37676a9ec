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

    /** Requests from pending-tasks executed at once by this worker; more wait in Kafka (backpressure). */
    @WithDefault("64")
    @Min(1)
    int maxInFlight();

    /** Timeout of a run whose request does not set one. */
    @WithDefault("30s")
    Duration defaultTimeout();

    /**
     * How long an attempt runs before its RUNNING is published (docs/RUN-SEMANTICS.md, "Start reports"). An attempt
     * that ends sooner reports its start in its outcome only: one Kafka record less per quick run. Below the
     * updater's watch interval (250 ms), so a watcher rarely misses a RUNNING it would have seen; 0 publishes RUNNING
     * as each attempt starts.
     */
    @WithDefault("100ms")
    Duration reportRunningAfter();

    /** Threads for CPU-bound actions; the number of CPUs when unset. */
    OptionalInt cpuThreads();

    Retry retry();

    Cancellation cancellation();

    /** Retries of attempts that failed retryably (docs/RUN-SEMANTICS.md, "Retries"). */
    interface Retry {

        /** Backoff before the second attempt; it doubles with every further attempt, up to {@link #maxDelay()}. */
        @WithDefault("1s")
        Duration baseDelay();

        @WithDefault("5m")
        Duration maxDelay();

        /**
         * Records of pending-tasks-retry held at once, waiting for their time or running: a waiting record costs a
         * timer, not a thread, so this is far above max-in-flight. More wait in Kafka.
         */
        @WithDefault("1000")
        @Min(1)
        int maxWaiting();
    }

    /** The cancelled runs this worker remembers (docs/RUN-SEMANTICS.md, "Cancellation"). */
    interface Cancellation {

        /** How long a cancellation still stops requests of its run: longer than any request waits in Kafka. */
        @WithDefault("24h")
        Duration retention();

        /** At most this many cancelled runs are remembered; the oldest are forgotten first. */
        @WithDefault("100000")
        @Min(1)
        int maxRuns();
    }
}
