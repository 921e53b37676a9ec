package dev.conveyor.contract;

/** Kafka topic names shared by every service. */
public final class Topics {

    /** Launches and re-drives: one {@code RunRequested} per attempt, keyed by run id. */
    public static final String PENDING_TASKS = "pending-tasks";
    /** Delayed retries: {@code RunRequested} carrying a {@code not_before} time. */
    public static final String PENDING_TASKS_RETRY = "pending-tasks-retry";
    /** Dead letters: runs that exhausted their attempts, failed for good, or could not be decoded. */
    public static final String PENDING_TASKS_DLQ = "pending-tasks-dlq";
    /** Non-terminal transitions: {@code RunStatusChanged}. */
    public static final String TASK_STATUS = "task-status";
    /** Terminal outcomes: {@code RunCompleted}. */
    public static final String TASK_COMPLETED = "task-completed";

    private Topics() {
    }
}
