package dev.conveyor.updater.run;

import dev.conveyor.proto.RunStatus;

/**
 * Orders the events of one run (docs/RUN-SEMANTICS.md, "Attempts and ranks"): {@code attempt * 10 + phase}, with
 * phase QUEUED 0, RUNNING 1, RETRYING 5 and every terminal status 9. So each attempt ends above everything it went
 * through, and the next attempt (a retry, or a re-drive's QUEUED) starts above that.
 */
public final class Ranks {

    /** The largest attempt whose ranks still fit an {@code int}. */
    public static final int MAX_ATTEMPT = Integer.MAX_VALUE / 10 - 1;

    private Ranks() {
    }

    public static int of(RunStatus status, int attempt) {
        return attempt * 10 + phase(status);
    }

    private static int phase(RunStatus status) {
        return switch (status) {
            case QUEUED -> 0;
            case RUNNING -> 1;
            case RETRYING -> 5;
            case SUCCEEDED, FAILED, DEAD, CANCELLED -> 9;
            case RUN_STATUS_UNSPECIFIED, UNRECOGNIZED -> throw new InvalidEventException("no rank for status " + status);
        };
    }

    /** RETRYING or terminal: how an attempt ended. Each attempt has one outcome. */
    public static boolean isOutcome(RunStatus status) {
        return status == RunStatus.RETRYING || isTerminal(status);
    }

    public static boolean isTerminal(RunStatus status) {
        return switch (status) {
            case SUCCEEDED, FAILED, DEAD, CANCELLED -> true;
            default -> false;
        };
    }
}
