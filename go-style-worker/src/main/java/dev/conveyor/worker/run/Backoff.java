package dev.conveyor.worker.run;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: after attempt n failed, wait a uniformly random time in
 * {@code [0, min(max, base * 2^(n-1))]}. The jitter spreads the retries of runs that failed together (a broker
 * hiccup, a deploy) instead of sending them back all at once.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1) */
    public Backoff(Duration base, Duration max, DoubleSupplier random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** The longest wait after the given attempt failed. */
    public Duration cap(int failedAttempt) {
        // In doubles: re-drives keep counting attempts, and 2^(n-1) soon overflows a long.
        double exponential = base.toNanos() * Math.pow(2, Math.max(0, failedAttempt - 1));
        return Duration.ofNanos((long) Math.min(max.toNanos(), exponential));
    }

    public Duration delay(int failedAttempt) {
        return Duration.ofNanos((long) (random.getAsDouble() * cap(failedAttempt).toNanos()));
    }
}
