package dev.conveyor.worker;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The worker's settings for tests without Quarkus. Plain records: Quarkus indexes test classes, and an anonymous
 * class may not carry the config's constraints.
 */
public record FixedConfig(Optional<String> id, int maxInFlight, Duration defaultTimeout, Duration reportRunningAfter,
                          OptionalInt cpuThreads, Retry retry, Cancellation cancellation) implements WorkerConfig {

    /**
     * One CPU thread, the given default timeout, RUNNING after 100 ms, 1 s to 5 min backoff, cancellations kept a
     * day.
     */
    public static FixedConfig withDefaultTimeout(Duration defaultTimeout) {
        return new FixedConfig(Optional.empty(), 64, defaultTimeout, Duration.ofMillis(100), OptionalInt.of(1),
                new FixedRetry(Duration.ofSeconds(1), Duration.ofMinutes(5), 1000),
                new FixedCancellation(Duration.ofHours(24), 1000));
    }

    public record FixedRetry(Duration baseDelay, Duration maxDelay, int maxWaiting) implements Retry {
    }

    public record FixedCancellation(Duration retention, int maxRuns) implements Cancellation {
    }
}
