package dev.conveyor.worker.tracing;

import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The worker's spans of a run: a {@code process} span per record of pending-tasks or pending-tasks-retry, a child of
 * the record's {@code traceparent} header (the relay's publish, or the previous attempt's), and inside it an
 * {@code execute} span for the attempt: the action, and the publishes of its RUNNING (if any) and its outcome, which
 * are its children ({@link PublishTracing}). Records are read in a bounded merge, not by a method the connector
 * calls, so the connector's own receive span would end at once and could not be the parent: these are made current
 * on the record's Vert.x context instead (see {@code RunLogContext}), where everything done for the record finds
 * them.
 */
@ApplicationScoped
public class RunTracing {

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    RunTracing(Tracer tracer, OpenTelemetry openTelemetry) {
        this.tracer = tracer;
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Runs {@code work}, the handling of one record, in the record's process span. */
    public <T> Uni<T> processing(Message<byte[]> message, RunRequested request, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .orElse(null);
            String topic = kafka == null ? "unknown" : kafka.getTopic();
            SpanBuilder span = tracer.spanBuilder("process " + topic)
                    .setSpanKind(SpanKind.CONSUMER)
                    .setAttribute("messaging.system", "kafka")
                    .setAttribute("messaging.operation.type", "process")
                    .setAttribute("messaging.destination.name", topic);
            if (kafka != null) {
                span.setParent(propagator.extract(Context.root(), kafka.getHeaders(), KafkaHeaders.GETTER))
                        .setAttribute("messaging.destination.partition.id", Integer.toString(kafka.getPartition()))
                        .setAttribute("messaging.kafka.offset", kafka.getOffset());
            }
            if (request != null) {
                RunAttributes.of(request, span);
            }
            return current(span.startSpan(), work);
        });
    }

    /** Runs {@code work}, one attempt from its start to its published outcome, in its execute span. */
    public <T> Uni<T> executing(RunRequested request, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> current(
                RunAttributes.of(request, tracer.spanBuilder("execute " + request.getRun().getAction())
                        .setSpanKind(SpanKind.INTERNAL)).startSpan(),
                work));
    }

    /** The attempt's outcome, on the execute span. */
    public static void outcome(RunStatus status) {
        Span.current().setAttribute(RunAttributes.STATUS, status.name());
    }

    /**
     * The span is current on the record's Vert.x context until the work ends. Off such a context (never in the
     * worker's own flow) it is not made current: a thread-local scope could not be closed on the thread that ends it.
     */
    private static <T> Uni<T> current(Span span, Supplier<Uni<T>> work) {
        Scope scope = VertxContext.isOnDuplicatedContext() ? span.makeCurrent() : Scope.noop();
        Uni<T> started;
        try {
            started = work.get();
        } catch (RuntimeException e) {
            end(span, scope, e);
            throw e;
        }
        return started.onTermination().invoke((item, failure, cancelled) -> end(span, scope, failure));
    }

    private static void end(Span span, Scope scope, Throwable failure) {
        if (failure != null) {
            span.recordException(failure).setStatus(StatusCode.ERROR);
        }
        scope.close();
        span.end();
    }
}
