package dev.conveyor.worker.run;

import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.RunStatusChanged;

import java.time.Instant;

/** The events one attempt of a run publishes, built from its request. */
final class RunEvents {

    private RunEvents() {
    }

    static RunStatusChanged running(RunRequested request, String workerId, Instant at) {
        return RunStatusChanged.newBuilder()
                .setRun(request.getRun())
                .setStatus(RunStatus.RUNNING)
                .setAttempt(request.getAttempt())
                .setWorkerId(workerId)
                .setAt(ProtoTime.of(at))
                .build();
    }

    static RunCompleted completed(RunRequested request, RunOutcome outcome, String workerId,
                                  Instant startedAt, Instant finishedAt) {
        RunCompleted.Builder event = RunCompleted.newBuilder()
                .setRun(request.getRun())
                .setAttempt(request.getAttempt())
                .setWorkerId(workerId)
                .setStartedAt(ProtoTime.of(startedAt))
                .setFinishedAt(ProtoTime.of(finishedAt));
        if (outcome.isSuccess()) {
            event.setStatus(RunStatus.SUCCEEDED).setResultJson(outcome.resultJson());
        } else {
            event.setStatus(RunStatus.FAILED).setError(outcome.error());
        }
        return event.build();
    }
}
