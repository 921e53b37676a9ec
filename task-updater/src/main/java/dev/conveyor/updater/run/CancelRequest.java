package dev.conveyor.updater.run;

import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * A user asked to cancel a run ({@code RunCancelRequested} on {@code run-control}).
 *
 * @param at when it was asked
 */
public record CancelRequest(RunRef run, Instant at) implements RunChange {

    public CancelRequest {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(at, "at");
        RunIds.requireValid(run.getRunId());
    }

    @Override
    public RunStatus status() {
        return RunStatus.CANCELLED;
    }
}
