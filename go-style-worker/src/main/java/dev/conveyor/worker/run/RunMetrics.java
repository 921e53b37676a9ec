package dev.conveyor.worker.run;

import dev.conveyor.actions.ActionCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Set;

/**
 * {@code conveyor_worker_run_duration_seconds{action,status,error}}: a histogram of execution time whose count is also
 * the number of finished attempts, per action and outcome.
 */
@ApplicationScoped
public class RunMetrics {

    private final MeterRegistry registry;
    private final Set<String> actions;

    public RunMetrics(MeterRegistry registry, ActionCatalog catalog) {
        this.registry = registry;
        this.actions = catalog.names();
    }

    void finished(String action, RunOutcome outcome, Duration took) {
        Timer.builder("conveyor.worker.run.duration")
                .description("Execution time of run attempts, by action and outcome")
                // Action names come from requests: only catalog names become tags, to bound the series count.
                .tag("action", actions.contains(action) ? action : "unknown")
                .tag("status", outcome.isSuccess() ? "SUCCEEDED" : "FAILED")
                .tag("error", outcome.isSuccess() ? "none" : outcome.error().getCode())
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
    }
}
