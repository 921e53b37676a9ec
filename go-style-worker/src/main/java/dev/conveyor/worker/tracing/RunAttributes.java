package dev.conveyor.worker.tracing;

import dev.conveyor.proto.RunRequested;
import io.opentelemetry.api.trace.SpanBuilder;

/** The run's attributes on the worker's spans; ids, never input or results. */
final class RunAttributes {

    static final String RUN_ID = "conveyor.run.id";
    static final String ACTION = "conveyor.action";
    static final String ATTEMPT = "conveyor.attempt";
    static final String STATUS = "conveyor.run.status";

    private RunAttributes() {
    }

    static SpanBuilder of(RunRequested request, SpanBuilder span) {
        return span.setAttribute(RUN_ID, request.getRun().getRunId())
                .setAttribute(ACTION, request.getRun().getAction())
                .setAttribute(ATTEMPT, request.getAttempt());
    }
}
