package dev.conveyor.gateway.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.gateway.problem.ApiException;
import dev.conveyor.gateway.support.Timestamps;
import dev.conveyor.gateway.task.Priority;
import dev.conveyor.gateway.task.TaskDefinition;
import dev.conveyor.gateway.task.TaskView;
import dev.conveyor.gateway.user.Role;
import dev.conveyor.gateway.user.UserView;
import dev.conveyor.proto.Task;
import dev.conveyor.proto.User;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Translations between the gRPC messages and the API models the services take, so gRPC requests meet exactly
 * the REST rules. Proto3 cannot tell "unset" from a zero value: 0, "" and *_UNSPECIFIED mean "absent".
 */
@ApplicationScoped
public class Protos {

    private final ObjectMapper json;

    public Protos(ObjectMapper json) {
        this.json = json;
    }

    public static UUID id(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, "must be a UUID");
        }
    }

    public static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    public static Role role(dev.conveyor.proto.Role role) {
        return switch (role) {
            case ADMIN -> Role.ADMIN;
            case REGISTERED -> Role.REGISTERED;
            case INVITED -> Role.INVITED;
            case ROLE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    public static Priority priority(dev.conveyor.proto.Priority priority) {
        return switch (priority) {
            case LOW -> Priority.LOW;
            case MEDIUM -> Priority.MEDIUM;
            case HIGH -> Priority.HIGH;
            case PRIORITY_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    public static User user(UserView user) {
        return User.newBuilder()
                .setId(user.id().toString())
                .setName(user.name())
                .setEmail(user.email())
                .setRole(dev.conveyor.proto.Role.valueOf(user.role().name()))
                .setCreatedAt(Timestamps.of(user.createdAt()))
                .setUpdatedAt(Timestamps.of(user.updatedAt()))
                .build();
    }

    public TaskDefinition definition(dev.conveyor.proto.TaskDefinition definition) {
        return new TaskDefinition(
                definition.getTitle(),
                emptyToNull(definition.getDescription()),
                definition.getAction(),
                input(definition.getInputJson()),
                priority(definition.getPriority()),
                definition.getMaxAttempts() == 0 ? null : definition.getMaxAttempts(),
                definition.getTimeoutMs() == 0 ? null : definition.getTimeoutMs());
    }

    public Task task(TaskView task) {
        Task.Builder builder = Task.newBuilder()
                .setId(task.id().toString())
                .setOwnerId(task.ownerId().toString())
                .setTitle(task.title())
                .setAction(task.action())
                .setInputJson(write(task.input()))
                .setPriority(dev.conveyor.proto.Priority.valueOf(task.priority().name()))
                .setMaxAttempts(task.maxAttempts())
                .setTimeoutMs(task.timeoutMs())
                .setCreatedAt(Timestamps.of(task.createdAt()))
                .setUpdatedAt(Timestamps.of(task.updatedAt()));
        if (task.description() != null) {
            builder.setDescription(task.description());
        }
        return builder.build();
    }

    private JsonNode input(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("input_json", "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored JSON object always serialises", e);
        }
    }
}
