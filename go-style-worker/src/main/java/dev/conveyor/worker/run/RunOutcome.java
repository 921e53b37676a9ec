package dev.conveyor.worker.run;

import dev.conveyor.proto.RunError;

/**
 * What one attempt produced: the action's JSON result, or the error it failed with. Exactly one is set.
 *
 * @param resultJson the result document when the action succeeded, else null
 * @param error      why the attempt failed, else null
 */
public record RunOutcome(String resultJson, RunError error) {

    public static RunOutcome succeeded(String resultJson) {
        return new RunOutcome(resultJson, null);
    }

    public static RunOutcome failed(RunError error) {
        return new RunOutcome(null, error);
    }

    public boolean isSuccess() {
        return error == null;
    }
}
