package dev.conveyor.actions;

import java.util.SortedSet;

/** A run or task names an action the catalog does not have. */
public class UnknownActionException extends RuntimeException {

    private final String action;

    public UnknownActionException(String action, SortedSet<String> known) {
        super("Unknown action '" + action + "'; known actions: " + String.join(", ", known));
        this.action = action;
    }

    public String action() {
        return action;
    }
}
