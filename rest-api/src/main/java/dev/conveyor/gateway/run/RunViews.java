package dev.conveyor.gateway.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Timestamp;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunError;
import dev.conveyor.proto.Transition;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** The REST shape of a contract {@link Run}: JSON documents as JSON, unset fields as null. */
@ApplicationScoped
public class RunViews {

    private final ObjectMapper json;

    public RunViews(ObjectMapper json) {
        this.json = json;
    }

    public RunView of(Run run) {
        return new RunView(
                uuid(run.getId()),
                uuid(run.getTaskId()),
                uuid(run.getOwnerId()),
                run.getAction(),
                document(run.getInputJson()),
                run.getPriority().name(),
                run.getStatus().name(),
                run.getAttempts(),
                run.getMaxAttempts(),
                document(run.getResultJson()),
                run.hasError() ? error(run.getError()) : null,
                blankToNull(run.getWorkerId()),
                instant(run.hasCreatedAt(), run.getCreatedAt()),
                instant(run.hasQueuedAt(), run.getQueuedAt()),
                instant(run.hasStartedAt(), run.getStartedAt()),
                instant(run.hasFinishedAt(), run.getFinishedAt()),
                run.getTransitionsList().stream().map(RunViews::transition).toList());
    }

    private static RunView.TransitionView transition(Transition t) {
        return new RunView.TransitionView(t.getStatus().name(), t.getAttempt(), instant(t.hasAt(), t.getAt()),
                blankToNull(t.getWorkerId()), t.hasError() ? error(t.getError()) : null);
    }

    private static RunView.RunErrorView error(RunError error) {
        return new RunView.RunErrorView(error.getCode(), error.getMessage(), error.getRetryable());
    }

    /** A document the updater stored; kept as text if it is not JSON rather than failing the whole read. */
    private JsonNode document(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    private static UUID uuid(String value) {
        return value.isEmpty() ? null : UUID.fromString(value);
    }

    private static Instant instant(boolean present, Timestamp timestamp) {
        return present ? Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()) : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
