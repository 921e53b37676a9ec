package dev.conveyor.updater.run;

import dev.conveyor.proto.RunStatus;

/**
 * Orders the events of one run. A run only moves to a higher rank, so replaying, duplicating or reordering its
 * events always ends in the same state.
 */
public final class Ranks {

    /**
     * Shared by every terminal status, above any attempt's rank: the first terminal event recorded is the only
     * terminal transition kept, and it is final.
     */
    public static final int TERMINAL = 1_000_000;

    /** Attempts are ranked {@code attempt * 10 + phase}, so they must stay below {@link #TERMINAL}. */
    public static final int MAX_ATTEMPT = TERMINAL / 10 - 1;

    /** The rank of a run document whose first event is recorded but not applied yet. */
    static final int NONE = -1;

    private Ranks() {
    }

    public static int of(RunStatus status, int attempt) {
        return switch (status) {
            case QUEUED -> attempt * 10;
            case RUNNING -> attempt * 10 + 1;
            case RETRYING -> attempt * 10 + 2;
            case SUCCEEDED, FAILED, DEAD, CANCELLED -> TERMINAL;
            case RUN_STATUS_UNSPECIFIED, UNRECOGNIZED -> throw new InvalidEventException("no rank for status " + status);
        };
    }

    public static boolean isTerminal(RunStatus status) {
        return switch (status) {
            case SUCCEEDED, FAILED, DEAD, CANCELLED -> true;
            default -> false;
        };
    }
}
