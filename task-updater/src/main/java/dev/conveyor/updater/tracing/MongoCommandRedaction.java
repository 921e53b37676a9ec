package dev.conveyor.updater.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.bson.Document;

/**
 * The MongoDB client's spans carry the whole command, and a run's document holds the task's input and the action's
 * result: user data, which must not leave in traces any more than in logs. The command is cut down to its name and
 * collection (e.g. {@code {"update": "runs"}}), also given as the semantic-convention attributes.
 */
@ApplicationScoped
public class MongoCommandRedaction implements SpanProcessor {

    static final AttributeKey<String> COMMAND = AttributeKey.stringKey("mongodb.command");
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("db.collection.name");

    @Override
    public void onStart(Context parent, ReadWriteSpan span) {
        String command = span.getAttribute(COMMAND);
        if (command == null) {
            return;
        }
        Map.Entry<String, Object> first = firstEntry(command);
        if (first == null) {
            span.setAttribute(COMMAND, "(redacted)");
            return;
        }
        span.setAttribute(COMMAND, new Document(first.getKey(), first.getValue()).toJson())
                .setAttribute(SYSTEM, "mongodb")
                .setAttribute(OPERATION, first.getKey())
                .setAttribute(COLLECTION, String.valueOf(first.getValue()));
    }

    /** The command's name and its collection, the first entry of a MongoDB command; null if it does not parse. */
    private static Map.Entry<String, Object> firstEntry(String command) {
        try {
            return Document.parse(command).entrySet().stream().findFirst().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        // Nothing to do once the span ends.
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
