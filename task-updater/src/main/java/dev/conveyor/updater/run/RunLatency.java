package dev.conveyor.updater.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code conveyor_run_latency_seconds{action,status}}: launch to terminal state, once per run (and once per re-drive),
 * with the SLO buckets of docs/METRICS.md; the latency SLO counts the runs under 30 s.
 */
@ApplicationScoped
public class RunLatency {

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};
    /**
     * The gateway only launches tasks of registered actions, so the names are few; anything that does not even look
     * like an action name (a producer bug) is labelled {@code unknown} rather than becoming a series of its own.
     */
    private static final Pattern ACTION_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final MeterRegistry registry;

    RunLatency(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Change.Completed completed) {
        String action = completed.action() != null && ACTION_NAME.matcher(completed.action()).matches()
                ? completed.action() : "unknown";
        Timer.builder("conveyor.run.latency")
                .description("Launch to terminal state of runs, once per run and re-drive")
                .tag("action", action)
                .tag("status", completed.status())
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(completed.latency());
    }
}
