package dev.conveyor.updater.events;

import dev.conveyor.updater.run.Outcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts consumed events by topic, status and outcome ({@code conveyor_updater_events_total}): a rising share of
 * late or unchanging (redelivered) events, or any skipped one, points at a producer or a redelivery problem. Also
 * how many QUEUED records wait for their run's outcome ({@code conveyor_updater_queued_waiting}).
 */
@ApplicationScoped
public class EventMetrics {

    private static final String NAME = "conveyor.updater.events";

    private final MeterRegistry registry;
    private final AtomicInteger waitingForOutcome = new AtomicInteger();

    EventMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("conveyor.updater.queued.waiting", waitingForOutcome, AtomicInteger::get)
                .description("QUEUED records of new runs waiting for the run's outcome, to be written with it")
                .register(registry);
    }

    /** A QUEUED record starts ({@code +1}) or stops ({@code -n}) waiting for its run's outcome. */
    void waitingForOutcome(int change) {
        waitingForOutcome.addAndGet(change);
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
