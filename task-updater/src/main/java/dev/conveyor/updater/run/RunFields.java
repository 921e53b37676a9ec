package dev.conveyor.updater.run;

/** Field names of a run document in the {@code runs} collection: one document per run, {@code _id} = run id. */
public final class RunFields {

    public static final String ID = "_id";
    public static final String TASK_ID = "taskId";
    public static final String OWNER_ID = "ownerId";
    public static final String ACTION = "action";
    public static final String INPUT = "input";
    public static final String PRIORITY = "priority";
    public static final String STATUS = "status";
    /** The rank of {@link #STATUS} (see {@link Ranks}). */
    public static final String STATUS_RANK = "statusRank";
    public static final String ATTEMPTS = "attempts";
    public static final String MAX_ATTEMPTS = "maxAttempts";
    public static final String RESULT = "result";
    public static final String ERROR = "error";
    public static final String WORKER_ID = "workerId";
    public static final String TRACE_ID = "traceId";
    public static final String CREATED_AT = "createdAt";
    /** When the current drive was launched: the launch itself, or the latest re-drive. */
    public static final String LAUNCHED_AT = "launchedAt";
    public static final String QUEUED_AT = "queuedAt";
    public static final String STARTED_AT = "startedAt";
    public static final String FINISHED_AT = "finishedAt";
    public static final String TRANSITIONS = "transitions";
    public static final String UPDATED_AT = "updatedAt";
    /** Events that came ahead of the re-drive they belong to, applied when it arrives (transition fields + result). */
    public static final String PARKED = "parked";
    /** Incremented by every write: each write is conditional on the version it read (compare and set). */
    public static final String VERSION = "version";

    /** Fields of each element of {@link #TRANSITIONS}. */
    public static final class Transition {
        public static final String STATUS = "status";
        public static final String ATTEMPT = "attempt";
        public static final String AT = "at";
        public static final String WORKER_ID = "workerId";
        public static final String ERROR = "error";
        public static final String RANK = "rank";
        /** Parked events only: what a completion carries besides its transition. */
        public static final String RESULT = "result";
        public static final String STARTED_AT = "startedAt";

        private Transition() {
        }
    }

    /** Fields of {@link #ERROR} and of a transition's error. */
    public static final class Error {
        public static final String CODE = "code";
        public static final String MESSAGE = "message";
        public static final String RETRYABLE = "retryable";

        private Error() {
        }
    }

    private RunFields() {
    }
}
