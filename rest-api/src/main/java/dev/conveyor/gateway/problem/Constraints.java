package dev.conveyor.gateway.problem;

/**
 * Recognises a database constraint violation by the constraint's name anywhere in a failure's causes.
 * The unique constraints are the real guard against races (two requests creating the same email at once);
 * the services' prior checks only give the common case a precise message.
 */
public final class Constraints {

    private Constraints() {
    }

    public static boolean violated(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(constraint)) {
                return true;
            }
        }
        return false;
    }
}
