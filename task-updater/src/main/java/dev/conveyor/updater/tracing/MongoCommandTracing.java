package dev.conveyor.updater.tracing;

import com.mongodb.RequestContext;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * A CLIENT span per MongoDB command, a child of the context its operation was subscribed in
 * ({@link OperationContextProvider}), named after the command and described by its name and collection only, e.g.
 * {@code mongodb.command = {"update": "runs"}}: a run's document holds the task's input and the action's result,
 * user data that must not leave in traces any more than in logs.
 *
 * <p>In place of {@code quarkus.mongodb.tracing}, which renders every command, documents included, to JSON for an
 * attribute, even with tracing off: a tenth of the updater's CPU in the benchmark, for a text that then had to be
 * parsed again to be redacted. Nothing here reads more of a command than its first field.
 */
@ApplicationScoped
@Unremovable
public class MongoCommandTracing implements CommandListener {

    static final AttributeKey<String> COMMAND = AttributeKey.stringKey("mongodb.command");
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("db.collection.name");
    /** Where {@link OperationContextProvider} puts the context an operation was subscribed in. */
    static final String OPERATION_CONTEXT = MongoCommandTracing.class.getName() + ".context";

    private final Tracer tracer;
    /** Spans of the commands sent and not answered yet, by request id. */
    private final Map<Integer, Span> inFlight = new ConcurrentHashMap<>();

    MongoCommandTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String name = event.getCommandName();
        Span span = tracer.spanBuilder(name)
                .setParent(parent(event.getRequestContext()))
                .setSpanKind(SpanKind.CLIENT)
                .startSpan();
        if (!span.isRecording()) {
            return;
        }
        // A command's first field names it; its value is the collection, for the commands that have one.
        BsonValue target = event.getCommand().get(name);
        span.setAttribute(SYSTEM, "mongodb").setAttribute(OPERATION, name);
        if (target instanceof BsonString collection) {
            span.setAttribute(COLLECTION, collection.getValue())
                    .setAttribute(COMMAND, new BsonDocument(name, collection).toJson());
        } else {
            span.setAttribute(COMMAND, new BsonDocument(name, new BsonString("(redacted)")).toJson());
        }
        inFlight.put(event.getRequestId(), span);
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        Span span = inFlight.remove(event.getRequestId());
        if (span != null) {
            span.end();
        }
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        Span span = inFlight.remove(event.getRequestId());
        if (span != null) {
            span.recordException(event.getThrowable()).setStatus(StatusCode.ERROR).end();
        }
    }

    private static Context parent(RequestContext request) {
        Context subscribedIn = request == null ? null : request.getOrDefault(OPERATION_CONTEXT, null);
        return subscribedIn == null ? Context.current() : subscribedIn;
    }
}
