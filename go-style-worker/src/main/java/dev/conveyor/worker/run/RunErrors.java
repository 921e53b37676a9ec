package dev.conveyor.worker.run;

import dev.conveyor.actions.ActionContext;
import dev.conveyor.actions.ActionFailedException;
import dev.conveyor.actions.InvalidActionInputException;
import dev.conveyor.actions.UnknownActionException;
import dev.conveyor.proto.RunError;

/** Turns why a run failed into the {@link RunError} published with it: a stable code, a message, retryable or not. */
public final class RunErrors {

    public static final String TIMEOUT = "TIMEOUT";
    public static final String INVALID_INPUT = "INVALID_INPUT";
    public static final String UNKNOWN_ACTION = "UNKNOWN_ACTION";
    public static final String ACTION_ERROR = "ACTION_ERROR";
    public static final String MISSING_RUN_ID = "MISSING_RUN_ID";

    private RunErrors() {
    }

    public static RunError of(Throwable failure) {
        return switch (failure) {
            case ActionFailedException e -> error(e.code(), e.getMessage(), e.retryable());
            // A slow attempt may be faster on another try or another worker.
            case RunTimeoutException e -> error(TIMEOUT, e.getMessage(), true);
            // The same input and the same catalog fail the same way every time.
            case InvalidActionInputException e -> error(INVALID_INPUT, e.getMessage(), false);
            case UnknownActionException e -> error(UNKNOWN_ACTION, e.getMessage(), false);
            // Unexpected: possibly transient (a pool shutting down, memory), so worth another attempt. Only the
            // message is published; the stack trace belongs in the worker's log.
            default -> error(ACTION_ERROR, describe(failure), true);
        };
    }

    public static RunError cancelled(String message) {
        return error(ActionContext.CANCELLED, message, false);
    }

    public static RunError missingRunId() {
        return error(MISSING_RUN_ID, "The request has no run id", false);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? "Unexpected " + failure.getClass().getSimpleName() : message;
    }

    private static RunError error(String code, String message, boolean retryable) {
        return RunError.newBuilder()
                .setCode(code)
                .setMessage(message == null ? "" : message)
                .setRetryable(retryable)
                .build();
    }
}
