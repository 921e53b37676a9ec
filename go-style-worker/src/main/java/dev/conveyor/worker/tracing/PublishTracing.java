package dev.conveyor.worker.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A {@code publish} span per run event the worker sends, a child of the current span (the attempt's execute span, or
 * the record's process span when the attempt never ran), whose W3C traceparent goes in the record's headers so the
 * updater's processing continues from it. Spans are made here rather than by the connector, whose span would add a
 * second traceparent header next to the CloudEvents headers the worker writes.
 */
@ApplicationScoped
public class PublishTracing {

    private final Tracer tracer;

    PublishTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Starts the span of one record for {@code topic}; end it with {@link #acknowledged}. */
    public Span publishing(String topic, String runId, String action) {
        return tracer.spanBuilder("publish " + topic)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.kafka.message.key", runId)
                .setAttribute(RunAttributes.RUN_ID, runId)
                .setAttribute(RunAttributes.ACTION, action)
                .startSpan();
    }

    /**
     * The span's W3C traceparent for the record's header; with tracing off, {@code fallback} (the launch's, as the
     * request carried it), so the run's events still name the launch's trace.
     */
    public static String traceparent(Span span, String fallback) {
        SpanContext context = span.getSpanContext();
        return context.isValid() && !context.isRemote()
                ? "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex()
                : fallback;
    }

    /** Ends {@code span} once Kafka has the record (after any retries), or the worker gave up at shutdown. */
    public static Uni<Void> acknowledged(Span span, Uni<Void> send) {
        return send
                .onFailure().invoke(failure -> span.recordException(failure).setStatus(StatusCode.ERROR))
                .onTermination().invoke(span::end);
    }
}
