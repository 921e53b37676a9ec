package dev.conveyor.gateway;

import com.google.protobuf.Timestamp;
import dev.conveyor.proto.Priority;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Transition;
import java.time.Instant;

/** Runs as the updater would hold them, for FakeHistoryService. */
final class Runs {

    private Runs() {
    }

    static Run run(String id, String taskId, String ownerId, RunStatus status, int attempts) {
        Timestamp now = Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()).build();
        return Run.newBuilder()
                .setId(id)
                .setTaskId(taskId)
                .setOwnerId(ownerId)
                .setAction("primes")
                .setInputJson("{\"limit\":1000}")
                .setPriority(Priority.MEDIUM)
                .setStatus(status)
                .setAttempts(attempts)
                .setMaxAttempts(3)
                .setCreatedAt(now)
                .addTransitions(Transition.newBuilder().setStatus(RunStatus.QUEUED).setAttempt(1).setAt(now))
                .addTransitions(Transition.newBuilder().setStatus(status).setAttempt(Math.max(1, attempts)).setAt(now))
                .build();
    }

    /** The same run, moved on to another status. */
    static Run moved(Run run, RunStatus status) {
        return run.toBuilder()
                .setStatus(status)
                .addTransitions(Transition.newBuilder().setStatus(status).setAttempt(run.getAttempts())
                        .setAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond())))
                .build();
    }
}
