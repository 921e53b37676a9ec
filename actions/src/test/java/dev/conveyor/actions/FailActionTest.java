package dev.conveyor.actions;

import org.junit.jupiter.api.Test;

import static dev.conveyor.actions.Catalogs.json;
import static dev.conveyor.actions.Catalogs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailActionTest {

    @Test
    void failsForGoodByDefault() {
        ActionFailedException failure = assertThrows(ActionFailedException.class, () -> run("fail", "{}"));
        assertEquals("INTENTIONAL_FAILURE", failure.code());
        assertEquals("intentional failure", failure.getMessage());
        assertFalse(failure.retryable());
    }

    @Test
    void failsRetryablyWithTheGivenMessage() {
        ActionFailedException failure = assertThrows(ActionFailedException.class, () -> run("fail", """
                {"message":"drill","retryable":true,"probability":1.0}"""));
        assertEquals("drill", failure.getMessage());
        assertTrue(failure.retryable());
    }

    @Test
    void succeedsWhenTheProbabilityIsZero() {
        assertEquals(json("{\"failed\":false}"), run("fail", "{\"probability\":0}"));
    }
}
