package dev.conveyor.gateway.run;

import dev.conveyor.gateway.problem.ApiException;
import dev.conveyor.proto.RunStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Optional run list filters; null means "any". */
public record RunFilter(RunStatus status, UUID taskId, String action) {

    private static final List<String> STATUSES = Arrays.stream(RunStatus.values())
            .filter(s -> s != RunStatus.RUN_STATUS_UNSPECIFIED && s != RunStatus.UNRECOGNIZED)
            .map(Enum::name)
            .toList();

    /** From raw query parameters, naming the offending one. */
    public static RunFilter parse(String status, String taskId, String action) {
        return new RunFilter(status(status), uuid(taskId), action == null || action.isBlank() ? null : action.trim());
    }

    private static RunStatus status(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String name = raw.trim().toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(name)) {
            throw ApiException.invalid("status", "'" + raw + "' is not one of " + String.join(", ", STATUSES));
        }
        return RunStatus.valueOf(name);
    }

    private static UUID uuid(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(raw.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("taskId", "must be a UUID");
        }
    }
}
