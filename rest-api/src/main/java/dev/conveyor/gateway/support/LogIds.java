package dev.conveyor.gateway.support;

import io.smallrye.common.vertx.VertxContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * The log contract's ids (observability/LOGS.md: {@code labels.user_id}, {@code labels.run_id},
 * {@code labels.task_id}) in the MDC of the current request.
 *
 * <p>Quarkus keeps the MDC of a Vert.x duplicated context in the context, not in the thread, and every REST request
 * and gRPC call runs on a duplicated context of its own: ids put here label every later line of that request, end
 * with it, and never reach another request served by the same event-loop thread. Off such a context (startup, a
 * scheduled job) nothing is put, since a thread's own MDC would carry the ids into whatever the thread does next.
 */
public final class LogIds {

    public static final String USER_ID = "user_id";
    public static final String RUN_ID = "run_id";
    public static final String TASK_ID = "task_id";

    private LogIds() {
    }

    /** The authenticated user making the request. */
    public static void user(UUID userId) {
        put(Map.of(USER_ID, userId.toString()));
    }

    /** The one run the request is about, from now on; {@code taskId} may be null while it is not known yet. */
    public static void run(String runId, String taskId) {
        put(runIds(runId, taskId));
    }

    /**
     * Logs one line about one of the request's runs (a batch launches many): the run's ids are in the MDC for that
     * line only, and whatever was there before is back afterwards.
     */
    public static void logAbout(String runId, String taskId, Runnable log) {
        Map<String, String> ids = runIds(runId, taskId);
        Map<String, String> before = new LinkedHashMap<>();
        ids.keySet().forEach(key -> before.put(key, MDC.get(key) instanceof String value ? value : null));
        put(ids);
        try {
            log.run();
        } finally {
            before.forEach((key, value) -> {
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            });
        }
    }

    private static Map<String, String> runIds(String runId, String taskId) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(RUN_ID, runId);
        if (taskId != null && !taskId.isEmpty()) {
            ids.put(TASK_ID, taskId);
        }
        return ids;
    }

    private static void put(Map<String, String> ids) {
        if (VertxContext.isOnDuplicatedContext()) {
            ids.forEach(MDC::put);
        }
    }
}
