package dev.conveyor.actions;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.conveyor.actions.Catalogs.CATALOG;
import static dev.conveyor.actions.Catalogs.json;
import static dev.conveyor.actions.Catalogs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SleepActionTest {

    @Test
    void waitsAndReportsHowLong() {
        assertEquals(json("{\"sleptMillis\":50}"), run("sleep", "{\"millis\":50}"));
    }

    @Test
    void endsEarlyWhenTheRunIsCancelled() {
        AtomicBoolean cancelled = new AtomicBoolean();
        var sleeping = CATALOG.execute("sleep", json("{\"millis\":600000}"),
                new ActionContext("run-1", 1, cancelled::get));
        cancelled.set(true);

        // Ten minutes asked, a few poll periods granted: only the cancellation can end it this soon.
        ActionFailedException failure = assertThrows(ActionFailedException.class,
                () -> sleeping.await().atMost(Duration.ofSeconds(5)));
        assertEquals("CANCELLED", failure.code());
        assertFalse(failure.retryable());
    }

    @Test
    void isNotCpuBound() {
        assertFalse(new SleepAction().cpuBound());
    }
}
