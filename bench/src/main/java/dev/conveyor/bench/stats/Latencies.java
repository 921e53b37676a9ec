package dev.conveyor.bench.stats;

import java.time.Duration;
import java.util.Arrays;

/** Every latency of a measurement, kept whole so percentiles are exact rather than bucketed. Thread-safe. */
public final class Latencies {

    private long[] nanos = new long[4096];
    private int size;

    public synchronized void add(long elapsedNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = elapsedNanos;
    }

    public void add(Duration elapsed) {
        add(elapsed.toNanos());
    }

    public synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        return new Summary(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.95),
                percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    /** Nearest rank: the smallest value with at least {@code p} of all values at or below it. */
    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Percentiles in nanoseconds. */
    public record Summary(int count, long p50, long p95, long p99, long max) {

        /** {@code p50 / p95 / p99 ms}, or "no samples". */
        public String millis() {
            if (count == 0) {
                return "no samples";
            }
            return "%s / %s / %s ms".formatted(ms(p50), ms(p95), ms(p99));
        }

        private static String ms(long nanos) {
            double millis = nanos / 1e6;
            return millis >= 100 ? "%.0f".formatted(millis) : "%.1f".formatted(millis);
        }
    }
}
