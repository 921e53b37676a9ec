package dev.conveyor.updater.run;

import java.time.Duration;
import org.bson.Document;

/**
 * What one {@link RunChange} does to its run.
 *
 * @param next      the run document to write, {@code null} when nothing changed
 * @param completed the run's launch-to-end latency, when this change completed a drive whose launch is known
 */
record Change(Outcome outcome, Document next, Completed completed) {

    static final Change NONE = new Change(Outcome.UNCHANGED, null, null);

    record Completed(String action, String status, Duration latency) {
    }
}
