package dev.conveyor.gateway.support;

import dev.conveyor.gateway.problem.ApiException;
import dev.conveyor.gateway.problem.Violation;
import java.util.ArrayList;
import java.util.List;

/** A 0-based page index and a page size of 1..100; 0 or absent values mean the defaults. */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /** Validates raw query parameters, naming the offending one. */
    public static PageRequest parse(String page, String size) {
        List<Violation> violations = new ArrayList<>();
        int index = parse("page", page, 0, 0, Integer.MAX_VALUE, violations);
        int length = parse("size", size, DEFAULT_SIZE, 1, MAX_SIZE, violations);
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
        return new PageRequest(index, length);
    }

    /** From a gRPC request, where unset numbers arrive as 0. */
    public static PageRequest of(int page, int size) {
        return parse(String.valueOf(page), size == 0 ? null : String.valueOf(size));
    }

    private static int parse(String name, String raw, int fallback, int min, int max, List<Violation> violations) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        violations.add(new Violation(name, "must be an integer between " + min + " and " + max));
        return fallback;
    }
}
