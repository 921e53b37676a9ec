package dev.conveyor.worker.run;

import dev.conveyor.proto.RunError;

/** What one attempt's execution came to, before the retry policy decides what it means for the run. */
public sealed interface RunOutcome {

    /** The action's JSON result. */
    record Succeeded(String resultJson) implements RunOutcome {
    }

    /** The action failed, timed out or could not start; the error says whether another attempt may succeed. */
    record Failed(RunError error) implements RunOutcome {
    }

    /** The run was cancelled while the attempt ran; the action was stopped. */
    record Cancelled() implements RunOutcome {
    }
}
