package dev.conveyor.actions;

/** A failure an action reports on purpose, with a stable code and whether trying again may succeed. */
public class ActionFailedException extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public ActionFailedException(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
