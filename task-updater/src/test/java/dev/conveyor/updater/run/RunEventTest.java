package dev.conveyor.updater.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunEventTest {

    private static final RunRef RUN = RunRef.newBuilder().setRunId(UUID.randomUUID().toString()).build();

    @Test
    void theRankFollowsStatusAndAttempt() {
        RunEvent event = new RunEvent(RUN, RunStatus.RUNNING, 2, Instant.now(), null, null, null, null, null);

        assertEquals(21, event.rank());
        assertEquals(RUN.getRunId(), event.runId());
    }

    @Test
    void aRunIdThatIsNotAUuidIsRejected() {
        RunRef run = RunRef.newBuilder().setRunId("run-1").build();

        assertThrows(InvalidEventException.class,
                () -> new RunEvent(run, RunStatus.QUEUED, 1, Instant.now(), null, null, null, null, null));
    }

    @Test
    void attemptsOutsideTheRankableRangeAreRejected() {
        assertThrows(InvalidEventException.class,
                () -> new RunEvent(RUN, RunStatus.QUEUED, 0, Instant.now(), null, null, null, null, null));
        assertThrows(InvalidEventException.class,
                () -> new RunEvent(RUN, RunStatus.QUEUED, Ranks.MAX_ATTEMPT + 1, Instant.now(), null, null, null, null, null));
    }

    @Test
    void aStatusWithoutRankIsRejected() {
        assertThrows(InvalidEventException.class,
                () -> new RunEvent(RUN, RunStatus.RUN_STATUS_UNSPECIFIED, 1, Instant.now(), null, null, null, null, null));
    }
}
