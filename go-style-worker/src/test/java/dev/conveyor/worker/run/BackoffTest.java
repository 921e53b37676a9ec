package dev.conveyor.worker.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    private static final Duration BASE = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofMinutes(5);

    @ParameterizedTest(name = "after attempt {0}: at most {1}")
    @CsvSource({"1, PT1S", "2, PT2S", "3, PT4S", "9, PT4M16S", "10, PT5M", "64, PT5M", "1000, PT5M", "0, PT1S"})
    void doublesFromTheBaseUpToTheMax(int failedAttempt, Duration cap) {
        assertEquals(cap, new Backoff(BASE, MAX, () -> 0.5).cap(failedAttempt));
    }

    @Test
    void drawsUniformlyBetweenZeroAndTheCap() {
        assertEquals(Duration.ZERO, new Backoff(BASE, MAX, () -> 0.0).delay(3));
        assertEquals(Duration.ofSeconds(2), new Backoff(BASE, MAX, () -> 0.5).delay(3));
        assertEquals(Duration.ofSeconds(1), new Backoff(BASE, MAX, () -> 0.25).delay(3));
        assertTrue(new Backoff(BASE, MAX, () -> Math.nextDown(1.0)).delay(3).compareTo(Duration.ofSeconds(4)) < 0);
    }

    @Test
    void spreadsRetriesThatFailedTogether() {
        Backoff backoff = new Backoff(BASE, MAX, () -> ThreadLocalRandom.current().nextDouble());
        Set<Duration> delays = IntStream.range(0, 100).mapToObj(i -> backoff.delay(4)).collect(Collectors.toSet());

        assertTrue(delays.stream().allMatch(d -> !d.isNegative() && d.compareTo(Duration.ofSeconds(8)) <= 0),
                delays::toString);
        // Full jitter, not a fixed wait: 100 draws in [0, 8 s) at nanosecond resolution are (all but surely) distinct.
        assertTrue(delays.size() > 90, delays::toString);
    }
}
