package dev.conveyor.worker.run;

import dev.conveyor.actions.ActionFailedException;
import dev.conveyor.actions.InvalidActionInputException;
import dev.conveyor.actions.UnknownActionException;
import dev.conveyor.actions.Violation;
import dev.conveyor.proto.RunError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunErrorsTest {

    @Test
    void keepsTheCodeAndRetryabilityAnActionReports() {
        assertEquals(error("INTENTIONAL_FAILURE", "drill", true),
                RunErrors.of(new ActionFailedException("INTENTIONAL_FAILURE", "drill", true)));
        assertEquals(error("CANCELLED", "stopped", false),
                RunErrors.of(new ActionFailedException("CANCELLED", "stopped", false)));
    }

    @Test
    void aTimeoutIsWorthRetrying() {
        assertEquals(error("TIMEOUT", "No result within 1500 ms", true),
                RunErrors.of(new RunTimeoutException(Duration.ofMillis(1500))));
    }

    @Test
    void invalidInputIsFinal() {
        assertEquals(error("INVALID_INPUT", "Invalid input for action 'primes': input.limit is required", false),
                RunErrors.of(new InvalidActionInputException("primes",
                        List.of(new Violation("input.limit", "is required")))));
    }

    @Test
    void anUnknownActionIsFinal() {
        assertEquals(error("UNKNOWN_ACTION", "Unknown action 'x'; known actions: hash, sum", false),
                RunErrors.of(new UnknownActionException("x", new TreeSet<>(List.of("sum", "hash")))));
    }

    @Test
    void anythingElseIsAnActionErrorWithItsMessageOnly() {
        assertEquals(error("ACTION_ERROR", "disk full", true), RunErrors.of(new IllegalStateException("disk full")));
        assertEquals(error("ACTION_ERROR", "Unexpected NullPointerException", true),
                RunErrors.of(new NullPointerException()));
    }

    private static RunError error(String code, String message, boolean retryable) {
        return RunError.newBuilder().setCode(code).setMessage(message).setRetryable(retryable).build();
    }
}
