package dev.conveyor.gateway.run;

import dev.conveyor.proto.RunStatus;
import java.util.Set;

/** Which statuses allow what (docs/RUN-SEMANTICS.md, "Statuses"). */
final class RunStatuses {

    static final Set<RunStatus> TERMINAL = Set.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.DEAD, RunStatus.CANCELLED);
    static final Set<RunStatus> CANCELLABLE = Set.of(RunStatus.QUEUED, RunStatus.RETRYING, RunStatus.RUNNING);
    static final Set<RunStatus> REDRIVABLE = Set.of(RunStatus.FAILED, RunStatus.DEAD);

    private RunStatuses() {
    }
}
