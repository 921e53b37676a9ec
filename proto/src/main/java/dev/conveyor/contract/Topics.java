package dev.conveyor.contract;

/** Kafka topic names shared by every service. */
public final class Topics {

    /** Launches and re-drives: one {@code RunRequested} per attempt, keyed by run id. */
    public static final String PENDING_TASKS = "pending-tasks";
    /** Delayed retries: {@code RunRequested} carrying a {@code not_before} time. */
    public static final String PENDING_TASKS_RETRY = "pending-tasks-retry";
    /** Dead letters: runs that exhausted their attempts or could not be processed at all (poison records). */
    public static final String PENDING_TASKS_DLQ = "pending-tasks-dlq";
    /** Non-terminal transitions: {@code RunStatusChanged}. */
    public static final String TASK_STATUS = "task-status";
    /** Terminal outcomes: {@code RunCompleted}. */
    public static final String TASK_COMPLETED = "task-completed";
    /** Cancellation requests: {@code RunCancelRequested}, read whole by every worker. */
    public static final String RUN_CONTROL = "run-control";

    private Topics() {
    }
}
