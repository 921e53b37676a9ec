package dev.conveyor.gateway.outbox;

import dev.conveyor.contract.EventHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Headers;

/**
 * One launch's trace through the outbox, which no instrumentation can follow by itself: the request writes a row and
 * the relay publishes it later, on a poll or another instance. The write gets an {@code outbox write} span, current
 * while the records are made so that each keeps its W3C traceparent (see {@code RunEvents}); the relay's
 * {@code publish} span is started from that stored context, not from the poll that found the row, and its own
 * context becomes the record's {@code traceparent} header, which the consumers continue.
 */
@ApplicationScoped
public class OutboxTracing {

    static final String RUN_ID = "conveyor.run.id";
    static final String ACTION = "conveyor.action";

    /** The stored form is W3C traceparent whatever propagators are configured: read and write it as such. */
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<String> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceparent) {
            return List.of(EventHeaders.TRACEPARENT);
        }

        @Override
        public String get(String traceparent, String key) {
            return EventHeaders.TRACEPARENT.equals(key) ? traceparent : null;
        }
    };

    /** Replaces rather than adds: a record carries one trace context. */
    private static final TextMapSetter<Headers> HEADERS = (headers, key, value) -> headers.remove(key)
            .add(key, value.getBytes(StandardCharsets.UTF_8));

    private final Tracer tracer;
    private final OutboxStore outbox;

    OutboxTracing(Tracer tracer, OutboxStore outbox) {
        this.tracer = tracer;
        this.outbox = outbox;
    }

    /**
     * Makes the records inside an {@code outbox write} span and inserts them in the transaction of {@code connection}.
     *
     * @param parent the request's context, taken when the request's work began: after asynchronous steps the current
     *               context is not always the request's any more (a gRPC call's span is current only while its
     *               service method is invoked)
     * @param make   makes the records; it runs with the write span current, which their traceparent records
     */
    public Uni<Void> write(SqlConnection connection, Context parent, Supplier<List<OutboxRecord>> make) {
        return write(parent, make, records -> outbox.insert(connection, records));
    }

    /** As above, with {@code insert} writing the records, in one statement with other rows if it likes. */
    public Uni<Void> write(Context parent, Supplier<List<OutboxRecord>> make,
                           Function<List<OutboxRecord>, Uni<Void>> insert) {
        return Uni.createFrom().deferred(() -> {
            Span span = tracer.spanBuilder("outbox write")
                    .setParent(parent)
                    .setSpanKind(SpanKind.INTERNAL)
                    .setAttribute("db.system.name", "postgresql")
                    .setAttribute("db.operation.name", "INSERT")
                    .setAttribute("db.collection.name", "outbox")
                    .startSpan();
            List<OutboxRecord> records;
            try (Scope ignored = span.makeCurrent()) {
                records = make.get();
            }
            describe(span, records);
            return insert.apply(records)
                    .onFailure().invoke(failure -> span.recordException(failure).setStatus(StatusCode.ERROR))
                    .onTermination().invoke(span::end);
        });
    }

    /** A batch names its runs by count; a single launch, re-drive or cancellation by its run and action. */
    private static void describe(Span span, List<OutboxRecord> records) {
        span.setAttribute("conveyor.outbox.records", records.size());
        if (records.size() == 1) {
            span.setAttribute(RUN_ID, records.getFirst().runId().toString());
        }
        Set<String> actions = records.stream().map(OutboxRecord::action).collect(Collectors.toSet());
        if (actions.size() == 1 && actions.iterator().next() != null) {
            span.setAttribute(ACTION, actions.iterator().next());
        }
        Set<String> topics = records.stream().map(OutboxRecord::topic).collect(Collectors.toSet());
        if (topics.size() == 1) {
            span.setAttribute("messaging.destination.name", topics.iterator().next());
        }
    }

    /**
     * Starts the relay's {@code publish} span of one stored record, a child of the context it was written in, and
     * puts the span's context in {@code headers}. With tracing off the stored traceparent is passed on as it is.
     */
    Span publishing(PublishedRow row, Headers headers) {
        Context stored = row.traceparent() == null ? Context.root()
                : W3C.extract(Context.root(), row.traceparent(), STORED);
        Span span = tracer.spanBuilder("publish " + row.topic())
                .setParent(stored)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", row.topic())
                .setAttribute("messaging.kafka.message.key", row.key())
                .setAttribute(RUN_ID, row.runId())
                .startSpan();
        if (row.action() != null) {
            span.setAttribute(ACTION, row.action());
        }
        W3C.inject(stored.with(span), headers, HEADERS);
        return span;
    }

    /** Ends {@code span} when Kafka has acknowledged the record, or refused it. */
    static Uni<Void> acknowledged(Span span, Uni<Void> send) {
        return send
                .onFailure().invoke(failure -> span.recordException(failure).setStatus(StatusCode.ERROR))
                .onTermination().invoke(span::end);
    }

    /** What the relay's span says about a row: its topic, key, run, action and the stored traceparent. */
    record PublishedRow(String topic, String key, String runId, String action, String traceparent) {
    }
}
