package dev.conveyor.updater.run;

import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunStatus;

/** Something that may change a run: an event reported by the gateway or a worker, or a cancellation request. */
public sealed interface RunChange permits RunEvent, CancelRequest {

    RunRef run();

    /** The status the change reports or asks for. */
    RunStatus status();

    default String runId() {
        return run().getRunId();
    }
}
