package dev.conveyor.worker.cancel;

import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.worker.ProtoTime;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CancellationsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final CancelledRuns cancelled = new CancelledRuns(Duration.ofHours(24), 1000,
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final Cancellations cancellations = new Cancellations(cancelled);

    @Test
    void aRequestOfACancelledRunComesBackCancelled() {
        cancellations.cancel("run-1", NOW.minusSeconds(5));

        Attempt attempt = cancellations.begin(request("run-1", NOW.minusSeconds(60)));

        assertTrue(attempt.cancelled());
        assertTrue(attempt.context().cancelled().getAsBoolean());
    }

    @Test
    void aRunningAttemptIsCancelledAndToldSo() {
        Attempt attempt = cancellations.begin(request("run-1", NOW.minusSeconds(60)));
        var told = attempt.whenCancelled().subscribeAsCompletionStage();
        assertFalse(attempt.cancelled());

        cancellations.cancel("run-1", NOW);

        assertTrue(attempt.cancelled());
        assertTrue(attempt.context().cancelled().getAsBoolean());
        assertTrue(told.isDone());
    }

    @Test
    void otherRunsAndEndedAttemptsAreNotTouched() {
        Attempt other = cancellations.begin(request("run-2", NOW.minusSeconds(60)));
        Attempt ended = cancellations.begin(request("run-1", NOW.minusSeconds(60)));
        cancellations.end(ended);

        cancellations.cancel("run-1", NOW);

        assertFalse(other.cancelled());
        assertFalse(ended.cancelled());
    }

    @Test
    void aReDriveRequestedAfterTheCancellationRuns() {
        cancellations.cancel("run-1", NOW.minusSeconds(60));

        assertFalse(cancellations.begin(request("run-1", NOW.minusSeconds(5))).cancelled());
    }

    @Test
    void aRequestWithoutATimeIsCoveredByAnyCancellation() {
        cancellations.cancel("run-1", NOW.minusSeconds(60));

        assertTrue(cancellations.begin(RunRequested.newBuilder()
                .setRun(RunRef.newBuilder().setRunId("run-1")).setAttempt(1).build()).cancelled());
    }

    @Test
    void forgetsCancellationsOlderThanTheRetentionAndKeepsTheLatest() {
        cancelled.add("old", NOW.minus(Duration.ofHours(25)));
        cancelled.add("run-1", NOW.minusSeconds(60));
        cancelled.add("run-1", NOW.minusSeconds(120));

        assertTrue(cancelled.cancelledAt("old").isEmpty());
        assertEquals(NOW.minusSeconds(60), cancelled.cancelledAt("run-1").orElseThrow());
    }

    private static RunRequested request(String runId, Instant createdAt) {
        return RunRequested.newBuilder()
                .setRun(RunRef.newBuilder().setRunId(runId).setAction("sleep"))
                .setAttempt(1)
                .setCreatedAt(ProtoTime.of(createdAt))
                .build();
    }
}
