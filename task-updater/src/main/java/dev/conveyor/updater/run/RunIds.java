package dev.conveyor.updater.run;

import java.util.regex.Pattern;

/** Run ids are UUIDs (time-ordered, made by the gateway), always in their canonical text form. */
public final class RunIds {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private RunIds() {
    }

    public static boolean isValid(String id) {
        return id != null && CANONICAL_UUID.matcher(id).matches();
    }

    /** @throws InvalidEventException if the id is not a canonical UUID */
    static void requireValid(String id) {
        if (!isValid(id)) {
            throw new InvalidEventException("run id is not a UUID: '" + id + "'");
        }
    }
}
