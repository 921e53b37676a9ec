package dev.conveyor.actions;

import java.util.List;
import java.util.stream.Collectors;

/** An action input that does not parse into the action's input record or breaks one of its constraints. */
public class InvalidActionInputException extends RuntimeException {

    private final String action;
    private final List<Violation> violations;

    public InvalidActionInputException(String action, List<Violation> violations) {
        super("Invalid input for action '" + action + "': " + violations.stream()
                .map(v -> v.field() + " " + v.message())
                .collect(Collectors.joining("; ")));
        this.action = action;
        this.violations = List.copyOf(violations);
    }

    public String action() {
        return action;
    }

    public List<Violation> violations() {
        return violations;
    }
}
