package dev.conveyor.gateway.run;

import com.google.protobuf.Timestamp;
import dev.conveyor.contract.EventHeaders;
import dev.conveyor.contract.Topics;
import dev.conveyor.gateway.outbox.OutboxRecord;
import dev.conveyor.gateway.support.Timestamps;
import dev.conveyor.proto.Priority;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunCancelRequested;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Transition;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The contract messages of launches, re-drives and cancellations, as outbox records, and the QUEUED run. */
@ApplicationScoped
public class RunEvents {

    static final String SOURCE = "rest-api";

    /** The first attempt's request on pending-tasks. */
    public OutboxRecord requested(RunLaunch launch) {
        return requested(launch, 1, launch.maxAttempts(), launch.createdAt());
    }

    /** A cancellation request on run-control, for every worker and the updater. */
    public OutboxRecord cancelRequested(Run run, UUID requestedBy, Instant at) {
        RunCancelRequested request = RunCancelRequested.newBuilder()
                .setRun(RunRef.newBuilder()
                        .setRunId(run.getId())
                        .setTaskId(run.getTaskId())
                        .setOwnerId(run.getOwnerId())
                        .setAction(run.getAction()))
                .setRequestedBy(requestedBy.toString())
                .setAt(Timestamps.of(at))
                .build();
        return record(UUID.fromString(run.getId()), run.getAction(), Topics.RUN_CONTROL,
                EventHeaders.TYPE_RUN_CANCEL_REQUESTED, request.toByteArray(), at, traceparent());
    }

    /**
     * One attempt's request on pending-tasks. Besides the first, a re-drive: the next attempt of a FAILED or DEAD
     * run with a fresh budget of attempts (docs/RUN-SEMANTICS.md, "Attempts and ranks").
     */
    public OutboxRecord requested(RunLaunch launch, int attempt, int maxAttempts, Instant at) {
        String traceparent = traceparent();
        RunRequested.Builder request = RunRequested.newBuilder()
                .setRun(ref(launch))
                .setInputJson(launch.inputJson())
                .setPriority(Priority.valueOf(launch.priority().name()))
                .setAttempt(attempt)
                .setMaxAttempts(maxAttempts)
                .setTimeoutMs(launch.timeoutMs())
                .setCreatedAt(Timestamps.of(at));
        if (traceparent != null) {
            request.setTraceparent(traceparent);
        }
        return record(launch.id(), launch.action(), Topics.PENDING_TASKS, EventHeaders.TYPE_RUN_REQUESTED,
                request.build().toByteArray(), at, traceparent);
    }

    /** Keyed by run id, with CloudEvents headers fixed now so a re-sent record keeps its id. */
    private static OutboxRecord record(UUID runId, String action, String topic, String type, byte[] payload,
                                       Instant at, String traceparent) {
        Map<String, String> headers = Map.of(
                EventHeaders.ID, UUID.randomUUID().toString(),
                EventHeaders.TYPE, type,
                EventHeaders.SOURCE, SOURCE,
                EventHeaders.TIME, at.toString(),
                EventHeaders.SPEC_VERSION, EventHeaders.SPEC_VERSION_VALUE,
                EventHeaders.CONTENT_TYPE, EventHeaders.PROTOBUF_CONTENT_TYPE);
        return new OutboxRecord(runId, action, topic, runId.toString(), payload, headers, traceparent, at);
    }

    /** The run as the gateway knows it before the updater has recorded anything: QUEUED, nothing attempted. */
    public Run queued(RunLaunch launch) {
        Timestamp created = Timestamps.of(launch.createdAt());
        return Run.newBuilder()
                .setId(launch.id().toString())
                .setTaskId(launch.taskId().toString())
                .setOwnerId(launch.ownerId().toString())
                .setAction(launch.action())
                .setInputJson(launch.inputJson())
                .setPriority(Priority.valueOf(launch.priority().name()))
                .setStatus(RunStatus.QUEUED)
                .setMaxAttempts(launch.maxAttempts())
                .setCreatedAt(created)
                .setQueuedAt(created)
                .addTransitions(Transition.newBuilder().setStatus(RunStatus.QUEUED).setAttempt(1).setAt(created))
                .build();
    }

    private static RunRef ref(RunLaunch launch) {
        return RunRef.newBuilder()
                .setRunId(launch.id().toString())
                .setTaskId(launch.taskId().toString())
                .setOwnerId(launch.ownerId().toString())
                .setAction(launch.action())
                .build();
    }

    /** The current span's W3C traceparent: the outbox write span (outbox.OutboxTracing) when the record is made. */
    private static String traceparent() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }
}
