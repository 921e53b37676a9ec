package dev.conveyor.updater.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conveyor.proto.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RanksTest {

    @Test
    void aRunMovesForwardThroughItsAttemptsAndRedrivesInTheOrderOfTheStateMachine() {
        List<Integer> lifecycle = List.of(
                Ranks.of(RunStatus.QUEUED, 1),
                Ranks.of(RunStatus.RUNNING, 1),
                Ranks.of(RunStatus.RETRYING, 1),
                Ranks.of(RunStatus.RUNNING, 2),
                Ranks.of(RunStatus.DEAD, 2),
                // A re-drive is the next attempt: its QUEUED is above the DEAD it reopens.
                Ranks.of(RunStatus.QUEUED, 3),
                Ranks.of(RunStatus.RUNNING, 3),
                Ranks.of(RunStatus.SUCCEEDED, 3));

        assertEquals(lifecycle.stream().sorted().distinct().toList(), lifecycle);
        assertEquals(List.of(10, 11, 15, 21, 29, 30, 31, 39), lifecycle);
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"SUCCEEDED", "FAILED", "DEAD", "CANCELLED"})
    void everyTerminalStatusEndsItsAttemptAndTheNextAttemptStartsAboveIt(RunStatus terminal) {
        assertTrue(Ranks.isTerminal(terminal));
        assertEquals(19, Ranks.of(terminal, 1));
        assertTrue(Ranks.of(RunStatus.RETRYING, 4) < Ranks.of(terminal, 4));
        assertTrue(Ranks.of(terminal, 4) < Ranks.of(RunStatus.QUEUED, 5));
        assertTrue(Ranks.of(terminal, Ranks.MAX_ATTEMPT) > 0, "the last attempt's ranks still fit an int");
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"QUEUED", "RUNNING", "RETRYING"})
    void nonTerminalStatusesAreNotTerminal(RunStatus status) {
        assertFalse(Ranks.isTerminal(status));
    }

    @Test
    void anUnspecifiedStatusHasNoRank() {
        assertThrows(InvalidEventException.class, () -> Ranks.of(RunStatus.RUN_STATUS_UNSPECIFIED, 1));
    }
}
