package dev.conveyor.updater.tracing;

import com.mongodb.RequestContext;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>A bulk write made in a context from {@link #writtenFor} writes for many records at once: each of its commands
 * gets a span in each record's trace, as a child of the record's span, so that every run's trace still ends with
 * the write of its document.
 */
@ApplicationScoped
@Unremovable
public class MongoCommandTracing implements CommandListener {

    static final AttributeKey<String> COMMAND = AttributeKey.stringKey("mongodb.command");
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("db.collection.name");
    private static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
    private static final ContextKey<WrittenFor> WRITTEN_FOR = ContextKey.named("conveyor.mongodb.written-for");
    /** Where {@link OperationContextProvider} puts the context an operation was subscribed in. */
    static final String OPERATION_CONTEXT = MongoCommandTracing.class.getName() + ".context";

    private final Tracer tracer;
    /** Spans of the commands sent and not answered yet, by request id. */
    private final Map<Integer, List<Span>> inFlight = new ConcurrentHashMap<>();

    /** The spans of the records a bulk write of {@code documents} documents writes for. */
    private record WrittenFor(List<Span> records, int documents) {
    }

    MongoCommandTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * A context in which each MongoDB command made gets a span in the trace of each of {@code records} (their
     * child), telling that the command wrote {@code documents} documents.
     */
    public static Context writtenFor(List<Span> records, int documents) {
        return Context.root().with(WRITTEN_FOR, new WrittenFor(List.copyOf(records), documents));
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String name = event.getCommandName();
        Context subscribedIn = subscribedIn(event.getRequestContext());
        WrittenFor writtenFor = subscribedIn.get(WRITTEN_FOR);
        List<Context> parents = writtenFor == null
                ? List.of(subscribedIn)
                : writtenFor.records().stream().map(record -> Context.root().with(record)).toList();
        Attributes attributes = null;
        List<Span> spans = new ArrayList<>(parents.size());
        for (Context parent : parents) {
            Span span = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.CLIENT).startSpan();
            if (span.isRecording()) {
                if (attributes == null) {
                    attributes = attributes(event, writtenFor);
                }
                spans.add(span.setAllAttributes(attributes));
            }
        }
        if (!spans.isEmpty()) {
            inFlight.put(event.getRequestId(), spans);
        }
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        List<Span> spans = inFlight.remove(event.getRequestId());
        if (spans != null) {
            spans.forEach(Span::end);
        }
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        List<Span> spans = inFlight.remove(event.getRequestId());
        if (spans != null) {
            spans.forEach(span -> span.recordException(event.getThrowable()).setStatus(StatusCode.ERROR).end());
        }
    }

    private static Attributes attributes(CommandStartedEvent event, WrittenFor writtenFor) {
        String name = event.getCommandName();
        // A command's first field names it; its value is the collection, for the commands that have one.
        BsonValue target = event.getCommand().get(name);
        AttributesBuilder attributes = Attributes.builder().put(SYSTEM, "mongodb").put(OPERATION, name);
        if (target instanceof BsonString collection) {
            attributes.put(COLLECTION, collection.getValue())
                    .put(COMMAND, new BsonDocument(name, collection).toJson());
        } else {
            attributes.put(COMMAND, new BsonDocument(name, new BsonString("(redacted)")).toJson());
        }
        if (writtenFor != null && writtenFor.documents() > 1) {
            attributes.put(BATCH_SIZE, writtenFor.documents());
        }
        return attributes.build();
    }

    private static Context subscribedIn(RequestContext request) {
        Context subscribedIn = request == null ? null : request.getOrDefault(OPERATION_CONTEXT, null);
        return subscribedIn == null ? Context.current() : subscribedIn;
    }
}
