package dev.conveyor.worker.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How long a retry waits for its not_before; found by the fault drills, a sub-millisecond wait stopped all retries. */
class RetryWaitTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void waitsUntilDueButNeverLongerThanTheLongestBackoff() {
        assertEquals(Duration.ofMillis(2), RetryTasksConsumer.waitFor(Optional.of(NOW.plusMillis(2)), NOW, MAX));
        assertEquals(MAX, RetryTasksConsumer.waitFor(Optional.of(NOW.plus(Duration.ofDays(1))), NOW, MAX));
    }

    /** Timers count whole milliseconds; found by the worker's retry test, a cut-off fraction started attempts early. */
    @Test
    void roundsUpToAWholeMillisecondSoNoAttemptStartsBeforeItsTime() {
        assertEquals(Duration.ofMillis(1), RetryTasksConsumer.waitFor(Optional.of(NOW.plusNanos(1_000)), NOW, MAX));
        assertEquals(Duration.ofMillis(3), RetryTasksConsumer.waitFor(Optional.of(NOW.plusNanos(2_500_000)), NOW, MAX));
    }

    @Test
    void noWaitWhenAlreadyDueOrUnset() {
        assertEquals(Duration.ZERO, RetryTasksConsumer.waitFor(Optional.of(NOW), NOW, MAX));
        assertEquals(Duration.ZERO, RetryTasksConsumer.waitFor(Optional.of(NOW.minusSeconds(5)), NOW, MAX));
        assertEquals(Duration.ZERO, RetryTasksConsumer.waitFor(Optional.empty(), NOW, MAX));
    }
}
