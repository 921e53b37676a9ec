package dev.conveyor.gateway.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import dev.conveyor.contract.EventHeaders;
import dev.conveyor.contract.Topics;
import dev.conveyor.gateway.outbox.OutboxRecord;
import dev.conveyor.gateway.support.Timestamps;
import dev.conveyor.proto.Priority;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Transition;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

/** Turns an accepted launch into its contract messages: the RunRequested record and the QUEUED run. */
@ApplicationScoped
public class RunEvents {

    static final String SOURCE = "rest-api";

    private final ObjectMapper json;

    public RunEvents(ObjectMapper json) {
        this.json = json;
    }

    /** The first attempt's request on pending-tasks, keyed by run id, with CloudEvents headers. */
    public OutboxRecord requested(RunLaunch launch) {
        RunRequested request = RunRequested.newBuilder()
                .setRun(ref(launch))
                .setInputJson(inputJson(launch))
                .setPriority(Priority.valueOf(launch.priority.name()))
                .setAttempt(1)
                .setMaxAttempts(launch.maxAttempts)
                .setTimeoutMs(launch.timeoutMs)
                .setCreatedAt(Timestamps.of(launch.createdAt))
                .build();
        OutboxRecord record = new OutboxRecord();
        record.runId = launch.id;
        record.topic = Topics.PENDING_TASKS;
        record.recordKey = launch.id.toString();
        record.payload = request.toByteArray();
        record.headers = Map.of(
                EventHeaders.ID, UUID.randomUUID().toString(),
                EventHeaders.TYPE, EventHeaders.TYPE_RUN_REQUESTED,
                EventHeaders.SOURCE, SOURCE,
                EventHeaders.TIME, launch.createdAt.toString(),
                EventHeaders.SPEC_VERSION, EventHeaders.SPEC_VERSION_VALUE,
                EventHeaders.CONTENT_TYPE, EventHeaders.PROTOBUF_CONTENT_TYPE);
        record.traceparent = traceparent();
        record.createdAt = launch.createdAt;
        return record;
    }

    /** The run as the gateway knows it before the updater has recorded anything: QUEUED, nothing attempted. */
    public Run queued(RunLaunch launch) {
        Timestamp created = Timestamps.of(launch.createdAt);
        return Run.newBuilder()
                .setId(launch.id.toString())
                .setTaskId(launch.taskId.toString())
                .setOwnerId(launch.ownerId.toString())
                .setAction(launch.action)
                .setInputJson(inputJson(launch))
                .setPriority(Priority.valueOf(launch.priority.name()))
                .setStatus(RunStatus.QUEUED)
                .setMaxAttempts(launch.maxAttempts)
                .setCreatedAt(created)
                .setQueuedAt(created)
                .addTransitions(Transition.newBuilder().setStatus(RunStatus.QUEUED).setAttempt(1).setAt(created))
                .build();
    }

    private static RunRef ref(RunLaunch launch) {
        return RunRef.newBuilder()
                .setRunId(launch.id.toString())
                .setTaskId(launch.taskId.toString())
                .setOwnerId(launch.ownerId.toString())
                .setAction(launch.action)
                .build();
    }

    private String inputJson(RunLaunch launch) {
        try {
            return json.writeValueAsString(launch.input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored JSON object always serialises", e);
        }
    }

    private static String traceparent() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }
}
