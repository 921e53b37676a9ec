package dev.conveyor.worker.kafka;

import java.util.Locale;

/** Why a record went to pending-tasks-dlq: the {@code conveyor-dlq-reason} header and the metric's reason label. */
public enum DeadLetterReason {

    /** A retryable failure (a timeout included) used up the run's attempts. */
    EXHAUSTED,
    /** Decodable, but it cannot run: no run id, or an action this worker does not know. */
    UNPROCESSABLE,
    /** The bytes are not a RunRequested: copied to the dead-letter topic as they are. */
    UNDECODABLE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
