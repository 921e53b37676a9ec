package dev.conveyor.actions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static dev.conveyor.actions.Catalogs.CATALOG;
import static dev.conveyor.actions.Catalogs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActionCatalogTest {

    @Test
    void listsTheActionsByName() {
        assertEquals(List.of("fail", "hash", "primes", "sleep", "sum", "word-stats"), List.copyOf(CATALOG.names()));
    }

    @Test
    void returnsTheParsedInputWithDefaults() {
        assertEquals(new HashAction.Input("abc", 1), CATALOG.validate("hash", json("{\"text\":\"abc\"}")));
    }

    @Test
    void rejectsAnUnknownActionListingTheKnownOnes() {
        UnknownActionException e = assertThrows(UnknownActionException.class,
                () -> CATALOG.validate("teleport", json("{}")));
        assertEquals("Unknown action 'teleport'; known actions: fail, hash, primes, sleep, sum, word-stats",
                e.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            hash       | {}                                  | input.text         | is required
            hash       | {"iterations":5}                    | input.text         | is required
            primes     | {"limit":"100"}                     | input.limit        | must be an integer
            primes     | {"limit":1.5}                       | input.limit        | must be an integer
            primes     | {"limit":true}                      | input.limit        | must be an integer
            primes     | {"limit":99999999999}               | input.limit        | is out of range
            primes     | {"limit":1}                         | input.limit        | must be greater than or equal to 2
            primes     | {"limit":50000001}                  | input.limit        | must be less than or equal to 50000000
            primes     | {"limit":10,"max":3}                | input.max          | is not a known property (allowed: limit)
            hash       | {"text":42}                         | input.text         | must be a string
            hash       | {"text":"a","iterations":0}         | input.iterations   | must be greater than or equal to 1
            sum        | {"numbers":[]}                      | input.numbers      | size must be between 1 and 100000
            sum        | {"numbers":5}                       | input.numbers      | must be an array
            sum        | {"numbers":[1,"two",3]}             | input.numbers[1]   | must be a number
            sum        | {"numbers":[1,null,3]}              | input.numbers[1]   | must be a number
            word-stats | {"text":"a","top":101}              | input.top          | must be less than or equal to 100
            fail       | {"retryable":"yes"}                 | input.retryable    | must be a boolean
            fail       | {"probability":1.5}                 | input.probability  | must be less than or equal to 1.0
            sleep      | {"millis":-1}                       | input.millis       | must be greater than or equal to 0
            sleep      | []                                  | input              | must be an object
            """)
    void reportsOnePreciseViolation(String action, String input, String field, String message) {
        InvalidActionInputException e = assertThrows(InvalidActionInputException.class,
                () -> CATALOG.validate(action, json(input)));
        assertEquals(List.of(new Violation(field, message)), e.violations());
    }

    @Test
    void reportsEveryConstraintViolationSortedByField() {
        String input = "{\"probability\":-1,\"message\":\"" + "x".repeat(1001) + "\"}";
        InvalidActionInputException e = assertThrows(InvalidActionInputException.class,
                () -> CATALOG.validate("fail", json(input)));
        assertEquals(List.of(
                        new Violation("input.message", "size must be between 0 and 1000"),
                        new Violation("input.probability", "must be greater than or equal to 0.0")),
                e.violations());
        assertEquals("Invalid input for action 'fail': input.message size must be between 0 and 1000; "
                + "input.probability must be greater than or equal to 0.0", e.getMessage());
    }

    @Test
    void refusesTwoActionsWithOneName() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ActionCatalog(
                List.of(new SumAction(), new SumAction()), Catalogs.MAPPER, null));
        assertEquals("Two actions are named 'sum': dev.conveyor.actions.SumAction and dev.conveyor.actions.SumAction",
                e.getMessage());
    }

    @Test
    void treatsAnAbsentInputAsAnEmptyObject() {
        InvalidActionInputException e = assertThrows(InvalidActionInputException.class,
                () -> CATALOG.validate("primes", null));
        assertEquals(List.of(new Violation("input.limit", "is required")), e.violations());
    }

    @Test
    void executeValidatesFirstAndFailsTheUni() {
        var execution = CATALOG.execute("primes", json("{}"), ActionContext.of("run-1", 1));
        assertThrows(InvalidActionInputException.class, () -> execution.await().atMost(Duration.ofSeconds(5)));
    }
}
