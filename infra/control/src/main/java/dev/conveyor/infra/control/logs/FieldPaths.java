package dev.conveyor.infra.control.logs;

import java.util.Map;

/**
 * Dotted field paths over a parsed JSON object the way Elasticsearch reads them: {@code trace.id} is the same field
 * whether a line writes {@code {"trace.id":..}} or {@code {"trace":{"id":..}}} (or any mix of the two).
 */
final class FieldPaths {

    private static final Object MISSING = new Object();

    static boolean has(Map<String, Object> fields, String path) {
        return lookup(fields, path, false) != MISSING;
    }

    static Object get(Map<String, Object> fields, String path) {
        Object value = lookup(fields, path, false);
        return value == MISSING ? null : value;
    }

    /** Removes the field and returns its value (null if absent); objects it leaves empty are removed too. */
    static Object take(Map<String, Object> fields, String path) {
        Object value = lookup(fields, path, true);
        return value == MISSING ? null : value;
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> fields, String path, boolean remove) {
        if (fields.containsKey(path)) {
            return remove ? fields.remove(path) : fields.get(path);
        }
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            String head = path.substring(0, dot);
            if (fields.get(head) instanceof Map<?, ?> nested) {
                Map<String, Object> object = (Map<String, Object>) nested;
                Object value = lookup(object, path.substring(dot + 1), remove);
                if (value != MISSING) {
                    if (remove && object.isEmpty()) {
                        fields.remove(head);
                    }
                    return value;
                }
            }
        }
        return MISSING;
    }

    private FieldPaths() {
    }
}
