package dev.conveyor.worker.run;

import dev.conveyor.proto.RunError;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.worker.kafka.DeadLetterReason;

import java.time.Duration;

/** What becomes of a run after one attempt (docs/RUN-SEMANTICS.md): decided by {@link RetryPolicy}. */
public sealed interface Verdict {

    RunStatus status();

    record Succeeded(String resultJson) implements Verdict {
        public RunStatus status() {
            return RunStatus.SUCCEEDED;
        }
    }

    /** The run's answer is this error: no retry, no dead letter. */
    record Failed(RunError error) implements Verdict {
        public RunStatus status() {
            return RunStatus.FAILED;
        }
    }

    /** Another attempt, after {@code backoff}. */
    record Retrying(RunError error, Duration backoff) implements Verdict {
        public RunStatus status() {
            return RunStatus.RETRYING;
        }
    }

    /** The platform could not finish the run: DEAD, and the request to the dead-letter topic. */
    record Dead(RunError error, DeadLetterReason reason) implements Verdict {
        public RunStatus status() {
            return RunStatus.DEAD;
        }
    }

    record Cancelled(RunError error) implements Verdict {
        public RunStatus status() {
            return RunStatus.CANCELLED;
        }
    }
}
