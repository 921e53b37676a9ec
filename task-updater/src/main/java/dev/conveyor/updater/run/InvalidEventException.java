package dev.conveyor.updater.run;

/** An event that cannot be recorded whatever is retried: it is logged and skipped. */
public class InvalidEventException extends IllegalArgumentException {

    public InvalidEventException(String message) {
        super(message);
    }
}
