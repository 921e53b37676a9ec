package dev.conveyor.worker.run;

import dev.conveyor.proto.RunRequested;
import dev.conveyor.worker.WorkerConfig;
import dev.conveyor.worker.kafka.DeadLetterReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place an attempt's outcome becomes the run's fate. A non-retryable error is the run's answer (FAILED); a
 * retryable one (timeouts included) earns another attempt while attempts are left, and DEAD when they are not.
 */
@ApplicationScoped
public class RetryPolicy {

    private final Backoff backoff;

    @Inject
    public RetryPolicy(WorkerConfig config) {
        this(new Backoff(config.retry().baseDelay(), config.retry().maxDelay(),
                () -> ThreadLocalRandom.current().nextDouble()));
    }

    RetryPolicy(Backoff backoff) {
        this.backoff = backoff;
    }

    public Verdict decide(RunRequested request, RunOutcome outcome) {
        return switch (outcome) {
            case RunOutcome.Succeeded(String resultJson) -> new Verdict.Succeeded(resultJson);
            case RunOutcome.Cancelled() -> new Verdict.Cancelled(RunErrors.cancelled("Cancelled while running"));
            case RunOutcome.Failed(var error) when !error.getRetryable() -> new Verdict.Failed(error);
            case RunOutcome.Failed(var error) when request.getAttempt() < request.getMaxAttempts() ->
                    new Verdict.Retrying(error, backoff.delay(request.getAttempt()));
            case RunOutcome.Failed(var error) -> new Verdict.Dead(error, DeadLetterReason.EXHAUSTED);
        };
    }
}
