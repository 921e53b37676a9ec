package dev.conveyor.updater.run;

import dev.conveyor.proto.RunError;
import org.bson.Document;

/** Converts between the contract's {@link RunError} and its stored form (the run's error, a transition's error). */
public final class StoredErrors {

    private StoredErrors() {
    }

    static Document toStored(RunError error) {
        return new Document(RunFields.Error.CODE, error.getCode())
                .append(RunFields.Error.MESSAGE, error.getMessage())
                .append(RunFields.Error.RETRYABLE, error.getRetryable());
    }

    public static RunError fromStored(Document error) {
        return RunError.newBuilder()
                .setCode(error.getString(RunFields.Error.CODE))
                .setMessage(error.getString(RunFields.Error.MESSAGE))
                .setRetryable(error.getBoolean(RunFields.Error.RETRYABLE, false))
                .build();
    }
}
