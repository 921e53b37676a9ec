package dev.conveyor.gateway.task;

import dev.conveyor.gateway.problem.ApiException;
import java.util.regex.Pattern;

/** Optional list filters; null means "any". */
public record TaskFilter(String action, Priority priority) {

    /** Action names are short and printable; anything else (a NUL byte PostgreSQL rejects, say) matches no task. */
    private static final Pattern ACTION_NAME = Pattern.compile("[\\p{Alnum}._-]{1,100}");

    public TaskFilter {
        if (action != null && !action.isBlank() && !ACTION_NAME.matcher(action).matches()) {
            throw ApiException.invalid("action", "must be an action name (letters, digits, '.', '_', '-'; at most 100)");
        }
        action = action == null || action.isBlank() ? null : action;
    }
}
