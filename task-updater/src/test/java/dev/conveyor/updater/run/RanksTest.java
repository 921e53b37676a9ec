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
    void aRunMovesForwardThroughItsAttemptsInTheOrderOfTheStateMachine() {
        List<Integer> lifecycle = List.of(
                Ranks.of(RunStatus.QUEUED, 1),
                Ranks.of(RunStatus.RUNNING, 1),
                Ranks.of(RunStatus.RETRYING, 1),
                Ranks.of(RunStatus.QUEUED, 2),
                Ranks.of(RunStatus.RUNNING, 2),
                Ranks.of(RunStatus.RETRYING, 2),
                Ranks.of(RunStatus.RUNNING, 3),
                Ranks.of(RunStatus.SUCCEEDED, 3));

        assertEquals(lifecycle.stream().sorted().distinct().toList(), lifecycle);
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"SUCCEEDED", "FAILED", "DEAD", "CANCELLED"})
    void everyTerminalStatusSharesOneRankAboveTheLastPossibleAttempt(RunStatus terminal) {
        assertTrue(Ranks.isTerminal(terminal));
        assertEquals(Ranks.TERMINAL, Ranks.of(terminal, 1));
        assertEquals(Ranks.TERMINAL, Ranks.of(terminal, Ranks.MAX_ATTEMPT));
        assertTrue(Ranks.of(RunStatus.RETRYING, Ranks.MAX_ATTEMPT) < Ranks.TERMINAL);
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
