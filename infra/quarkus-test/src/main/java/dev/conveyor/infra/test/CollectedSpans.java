package dev.conveyor.infra.test;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The spans the application under test ends: a span exporter bean, which the services' test profiles use instead of
 * OTLP ({@code %test.quarkus.otel.exporter.otlp.enabled=false}).
 */
@Singleton
public class CollectedSpans implements SpanExporter {

    private final List<SpanData> spans = new CopyOnWriteArrayList<>();

    public List<SpanData> ofTrace(String traceId) {
        return spans.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    /** Spans of other traces that link to this one (work done for a batch of records, say), with their children. */
    public List<SpanData> linkedTo(String traceId) {
        List<SpanData> linking = spans.stream()
                .filter(span -> span.getLinks().stream().anyMatch(link -> link.getSpanContext().getTraceId().equals(traceId)))
                .toList();
        return spans.stream()
                .filter(span -> linking.contains(span) || linking.stream().anyMatch(parent ->
                        parent.getTraceId().equals(span.getTraceId())
                                && parent.getSpanId().equals(span.getParentSpanId())))
                .toList();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> ended) {
        spans.addAll(ended);
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
