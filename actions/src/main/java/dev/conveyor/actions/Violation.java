package dev.conveyor.actions;

/**
 * One reason an action input was rejected.
 *
 * @param field   path of the offending value, rooted at {@code input}: {@code input.limit}, {@code input.numbers[2]}
 * @param message what is wrong, in words meant for the API client (never a Java class name)
 */
public record Violation(String field, String message) {
}
