package dev.conveyor.gateway.task;

import dev.conveyor.gateway.problem.ApiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How urgently a task's runs should be picked up. */
public enum Priority {
    LOW, MEDIUM, HIGH;

    /** A filter value from a query string; absent means no filter. */
    public static Priority parse(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, "'" + raw + "' is not one of "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
