package dev.conveyor.gateway.task;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Task")
public record TaskView(UUID id, UUID ownerId, String title, String description, String action,
                       Map<String, Object> input, Priority priority, int maxAttempts, long timeoutMs,
                       Instant createdAt, Instant updatedAt) {

    public static TaskView of(Task task) {
        return new TaskView(task.id, task.ownerId, task.title, task.description, task.action, task.input,
                task.priority, task.maxAttempts, task.timeoutMs, task.createdAt, task.updatedAt);
    }
}
