package dev.conveyor.worker.run;

import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunError;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.RunStatusChanged;
import dev.conveyor.worker.ProtoTime;

import java.time.Instant;
import java.util.Optional;

/** The records one attempt of a run publishes, built from its request. */
final class RunEvents {

    private RunEvents() {
    }

    static RunStatusChanged running(RunRequested request, String workerId, Instant at) {
        return status(request, RunStatus.RUNNING, workerId, at).build();
    }

    static RunStatusChanged retrying(RunRequested request, RunError error, String workerId, Instant at) {
        return status(request, RunStatus.RETRYING, workerId, at).setError(error).build();
    }

    /**
     * {@code requestedAt}, in this and {@link #ended}, is when the request was published if it was read from
     * pending-tasks ({@link IncomingRun#requestedAt}): the completion then carries the request too.
     */
    static RunCompleted succeeded(RunRequested request, Optional<Instant> requestedAt, String resultJson,
                                  String workerId, Instant startedAt, Instant finishedAt) {
        return completed(request, requestedAt, RunStatus.SUCCEEDED, workerId, Optional.of(startedAt), finishedAt)
                .setResultJson(resultJson)
                .build();
    }

    /** FAILED, DEAD or CANCELLED; {@code startedAt} is empty when the attempt never ran. */
    static RunCompleted ended(RunRequested request, Optional<Instant> requestedAt, RunStatus status, RunError error,
                              String workerId, Optional<Instant> startedAt, Instant finishedAt) {
        return completed(request, requestedAt, status, workerId, startedAt, finishedAt).setError(error).build();
    }

    /** The same run and launch time, the next attempt, not before {@code notBefore}. */
    static RunRequested nextAttempt(RunRequested request, Instant notBefore) {
        return request.toBuilder()
                .setAttempt(request.getAttempt() + 1)
                .setNotBefore(ProtoTime.of(notBefore))
                .clearError()
                .build();
    }

    /** The request as dead-lettered: unchanged but for why it died. */
    static RunRequested deadLetter(RunRequested request, RunError error) {
        return request.toBuilder().setError(error).build();
    }

    private static RunStatusChanged.Builder status(RunRequested request, RunStatus status, String workerId,
                                                   Instant at) {
        return RunStatusChanged.newBuilder()
                .setRun(request.getRun())
                .setStatus(status)
                .setAttempt(request.getAttempt())
                .setWorkerId(workerId)
                .setAt(ProtoTime.of(at));
    }

    private static RunCompleted.Builder completed(RunRequested request, Optional<Instant> requestedAt,
                                                  RunStatus status, String workerId, Optional<Instant> startedAt,
                                                  Instant finishedAt) {
        RunCompleted.Builder event = RunCompleted.newBuilder()
                .setRun(request.getRun())
                .setStatus(status)
                .setAttempt(request.getAttempt())
                .setWorkerId(workerId)
                .setFinishedAt(ProtoTime.of(finishedAt));
        startedAt.ifPresent(at -> event.setStartedAt(ProtoTime.of(at)));
        requestedAt.ifPresent(at -> event.setRequest(request).setRequestedAt(ProtoTime.of(at)));
        return event;
    }
}
