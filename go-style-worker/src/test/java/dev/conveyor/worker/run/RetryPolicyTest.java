package dev.conveyor.worker.run;

import dev.conveyor.proto.RunError;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.worker.kafka.DeadLetterReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class RetryPolicyTest {

    private static final RunError RETRYABLE = RunError.newBuilder().setCode("TIMEOUT").setRetryable(true).build();
    private static final RunError FINAL = RunError.newBuilder().setCode("INVALID_INPUT").setRetryable(false).build();

    /** Always the middle of the jitter range, so the backoff is known. */
    private final RetryPolicy policy = new RetryPolicy(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5),
            () -> 0.5));

    @Test
    void aResultIsASuccess() {
        assertEquals(new Verdict.Succeeded("{}"), policy.decide(attempt(1, 3), new RunOutcome.Succeeded("{}")));
    }

    @Test
    void aNonRetryableErrorIsTheRunsAnswerWhateverTheAttemptsLeft() {
        assertEquals(new Verdict.Failed(FINAL), policy.decide(attempt(1, 3), new RunOutcome.Failed(FINAL)));
    }

    @Test
    void aRetryableErrorWithAttemptsLeftRetriesAfterTheBackoff() {
        assertEquals(new Verdict.Retrying(RETRYABLE, Duration.ofMillis(500)),
                policy.decide(attempt(1, 3), new RunOutcome.Failed(RETRYABLE)));
        assertEquals(new Verdict.Retrying(RETRYABLE, Duration.ofSeconds(1)),
                policy.decide(attempt(2, 3), new RunOutcome.Failed(RETRYABLE)));
    }

    @Test
    void aRetryableErrorOnTheLastAttemptIsDead() {
        assertEquals(new Verdict.Dead(RETRYABLE, DeadLetterReason.EXHAUSTED),
                policy.decide(attempt(3, 3), new RunOutcome.Failed(RETRYABLE)));
        // A re-drive counts on: attempt 4 of 3 + 3.
        assertInstanceOf(Verdict.Retrying.class, policy.decide(attempt(4, 6), new RunOutcome.Failed(RETRYABLE)));
    }

    @Test
    void aCancellationIsFinal() {
        Verdict verdict = policy.decide(attempt(1, 3), new RunOutcome.Cancelled());
        assertEquals("CANCELLED", assertInstanceOf(Verdict.Cancelled.class, verdict).error().getCode());
    }

    private static RunRequested attempt(int attempt, int maxAttempts) {
        return RunRequested.newBuilder().setAttempt(attempt).setMaxAttempts(maxAttempts).build();
    }
}
