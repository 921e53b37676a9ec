package dev.conveyor.updater.events;

import dev.conveyor.updater.run.RunChange;
import dev.conveyor.updater.tracing.MongoCommandTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Continues each record's trace (its {@code traceparent} header) into the updater's MongoDB calls. Records come in
 * batches, so nothing makes a record's context current by itself (the connector's own tracing is off: its spans would
 * end before the record is written): each record gets a span, its {@link #process} span, from its arrival to the
 * write of its run's document. A group's one read of its runs has a span of its own, linked to each record's span,
 * and the bulk write of its runs' documents gets a span in each record's trace ({@link MongoCommandTracing}). A record
 * recorded on its own afterwards (its run changed meanwhile) does so with its span current, on a Vert.x context of its
 * own: the MongoDB client reads the current context when each call starts and the results come back on that Vert.x
 * context, so its reads and writes become children of its span.
 */
@ApplicationScoped
public class RecordTracing {

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return StreamSupport.stream(headers.spliterator(), false).map(Header::key).toList();
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Vertx vertx;

    RecordTracing(Tracer tracer, OpenTelemetry openTelemetry, Vertx vertx) {
        this.tracer = tracer;
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.vertx = vertx;
    }

    /** Starts the span of {@code record}, which reports {@code change}, continuing the record's trace. */
    Span process(ConsumerRecord<String, ?> record, RunChange change) {
        return tracer.spanBuilder("process " + record.topic())
                .setParent(propagator.extract(Context.root(), record.headers(), HEADERS))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.kafka.message.key", record.key())
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .setAttribute("conveyor.run.id", change.runId())
                .setAttribute("conveyor.action", change.run().getAction())
                .setAttribute("conveyor.run.status", change.status().name())
                .startSpan();
    }

    /**
     * Runs {@code work}, done once for a whole group of records (the read of their runs), in a span of its own named
     * after their topics and linked to the span of each record: a group belongs to many traces, so it is a child of
     * none (OpenTelemetry's batch-receive rule).
     */
    <T> Uni<T> reading(String topics, List<Span> records, Supplier<Uni<T>> work) {
        SpanBuilder builder = tracer.spanBuilder("read runs of " + topics)
                .setNoParent()
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute("messaging.batch.message_count", records.size());
        for (Span record : records) {
            if (record.getSpanContext().isValid()) {
                builder.addLink(record.getSpanContext());
            }
        }
        return within(builder.startSpan(), work);
    }

    /** Runs {@code work}, a bulk write of {@code documents} run documents, for the records whose spans are given. */
    <T> Uni<T> writing(List<Span> records, int documents, Supplier<Uni<T>> work) {
        return current(MongoCommandTracing.writtenFor(records, documents), work);
    }

    /** Runs {@code work} with {@code span} current, and ends the span after it. */
    <T> Uni<T> within(Span span, Supplier<Uni<T>> work) {
        return current(Context.root().with(span), work)
                .onFailure().invoke(failure -> span.recordException(failure).setStatus(StatusCode.ERROR))
                .onTermination().invoke(span::end);
    }

    /** Runs {@code work} with {@code context} current, on a Vert.x context of its own. */
    private <T> Uni<T> current(Context context, Supplier<Uni<T>> work) {
        io.vertx.core.Context own = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        return Uni.createFrom().deferred(() -> {
                    Scope scope = context.makeCurrent();
                    return work.get().onTermination().invoke(scope::close);
                })
                .runSubscriptionOn(task -> own.runOnContext(ignored -> task.run()));
    }
}
