package dev.conveyor.bench.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Requests that did not succeed, counted by reason (an HTTP status, a gRPC code, an exception). Thread-safe. */
public final class Refusals {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void count(String reason) {
        count(reason, 1);
    }

    public void count(String reason, long howMany) {
        counts.computeIfAbsent(reason, r -> new LongAdder()).add(howMany);
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** "none", or the reasons with their counts. */
    @Override
    public String toString() {
        if (counts.isEmpty()) {
            return "none";
        }
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((reason, count) -> sorted.put(reason, count.sum()));
        return sorted.toString();
    }
}
