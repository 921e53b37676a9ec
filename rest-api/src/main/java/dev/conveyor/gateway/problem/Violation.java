package dev.conveyor.gateway.problem;

/** One invalid field of a request and what is wrong with it. */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
