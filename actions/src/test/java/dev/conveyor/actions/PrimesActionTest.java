package dev.conveyor.actions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.conveyor.actions.Catalogs.json;
import static dev.conveyor.actions.Catalogs.run;
import static dev.conveyor.actions.Catalogs.runCancelled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PrimesActionTest {

    @ParameterizedTest
    @CsvSource({"2,1", "3,2", "4,2", "10,4", "100,25", "101,26", "1000000,78498", "50000000,3001134"})
    void countsThePrimesUpToTheLimitInclusive(int limit, int count) {
        assertEquals(json("{\"limit\":" + limit + ",\"count\":" + count + "}"),
                run("primes", "{\"limit\":" + limit + "}"));
    }

    @Test
    void stopsSievingOnceTheRunIsCancelled() {
        ActionFailedException failure = runCancelled("primes", "{\"limit\":50000000}");
        assertEquals(ActionContext.CANCELLED, failure.code());
        assertFalse(failure.retryable());
    }
}
