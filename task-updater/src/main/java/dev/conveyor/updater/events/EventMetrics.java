package dev.conveyor.updater.events;

import dev.conveyor.updater.run.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Counts consumed events by topic, status and outcome ({@code conveyor_updater_events_total}): a rising share of
 * late or unchanging (redelivered) events, or any skipped one, points at a producer or a redelivery problem.
 */
@ApplicationScoped
public class EventMetrics {

    private static final String NAME = "conveyor.updater.events";

    private final MeterRegistry registry;

    EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recorded(String topic, String status, Outcome outcome) {
        count(topic, status, outcome.name().toLowerCase(Locale.ROOT));
    }

    void skipped(String topic) {
        count(topic, "unknown", "skipped");
    }

    private void count(String topic, String status, String outcome) {
        registry.counter(NAME, "topic", topic, "status", status, "outcome", outcome).increment();
    }
}
