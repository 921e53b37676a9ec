package dev.conveyor.updater.events;

import com.google.protobuf.Timestamp;
import dev.conveyor.contract.EventHeaders;
import dev.conveyor.proto.RunCancelRequested;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunError;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.RunStatusChanged;
import dev.conveyor.updater.run.CancelRequest;
import dev.conveyor.updater.run.InvalidEventException;
import dev.conveyor.updater.run.ProtoTimes;
import dev.conveyor.updater.run.Ranks;
import dev.conveyor.updater.run.RunChange;
import dev.conveyor.updater.run.RunEvent;
import dev.conveyor.updater.run.RunEvent.Launch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Turns the contract's Kafka records into {@link RunChange}s, rejecting those that break the contract. */
final class RunEvents {

    private RunEvents() {
    }

    /** A request queues its attempt; it was queued when it was published, which the record's timestamp tells. */
    static RunEvent requested(ConsumerRecord<String, RunRequested> record) {
        return requested(record.value(), publishedAt(record), traceId(record));
    }

    /**
     * The same event from a completion that carries its request: the request's time and trace are its record's
     * (the completion continues the trace), so the two are equal.
     */
    private static RunEvent requested(RunRequested request, Instant publishedAt, String traceId) {
        Launch launch = new Launch(request.getInputJson(), request.getPriority(), request.getMaxAttempts(),
                ProtoTimes.toInstant(request.getCreatedAt()), traceId);
        return new RunEvent(request.getRun(), RunStatus.QUEUED, request.getAttempt(), publishedAt, null,
                errorOrNull(request.hasError(), request.getError()), launch, null, null);
    }

    static RunEvent statusChanged(ConsumerRecord<String, RunStatusChanged> record) {
        RunStatusChanged change = record.value();
        if (change.getStatus() != RunStatus.RUNNING && change.getStatus() != RunStatus.RETRYING) {
            throw new InvalidEventException("not a status change: " + change.getStatus());
        }
        return new RunEvent(change.getRun(), change.getStatus(), change.getAttempt(), timeOf(change.getAt(), record),
                blankToNull(change.getWorkerId()), errorOrNull(change.hasError(), change.getError()),
                null, null, null);
    }

    static RunEvent completed(ConsumerRecord<String, RunCompleted> record) {
        RunCompleted completion = record.value();
        if (!Ranks.isTerminal(completion.getStatus())) {
            throw new InvalidEventException("not a terminal status: " + completion.getStatus());
        }
        RunEvent request = requestOf(record);
        return new RunEvent(completion.getRun(), completion.getStatus(), completion.getAttempt(),
                timeOf(completion.getFinishedAt(), record), blankToNull(completion.getWorkerId()),
                errorOrNull(completion.hasError(), completion.getError()), null,
                blankToNull(completion.getResultJson()), ProtoTimes.toInstant(completion.getStartedAt()), request);
    }

    /**
     * The QUEUED of the request a completion carries, or {@code null}: also when the request does not match the
     * completion, which is then recorded without it (the request's own record still queues the drive).
     */
    private static RunEvent requestOf(ConsumerRecord<String, RunCompleted> record) {
        RunCompleted completion = record.value();
        Instant requestedAt = ProtoTimes.toInstant(completion.getRequestedAt());
        if (!completion.hasRequest() || requestedAt == null) {
            return null;
        }
        try {
            RunEvent request = requested(completion.getRequest(), requestedAt, traceId(record));
            return request.queues(completion.getRun(), completion.getAttempt()) ? request : null;
        } catch (InvalidEventException e) {
            return null;
        }
    }

    static CancelRequest cancelRequested(ConsumerRecord<String, RunCancelRequested> record) {
        RunCancelRequested request = record.value();
        return new CancelRequest(request.getRun(), timeOf(request.getAt(), record));
    }

    private static Instant timeOf(Timestamp at, ConsumerRecord<?, ?> record) {
        return Objects.requireNonNullElseGet(ProtoTimes.toInstant(at), () -> publishedAt(record));
    }

    private static Instant publishedAt(ConsumerRecord<?, ?> record) {
        return record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
    }

    /** The trace id of a W3C {@code traceparent} header ({@code version-traceid-spanid-flags}), if any. */
    static String traceId(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(EventHeaders.TRACEPARENT);
        if (header == null || header.value() == null) {
            return null;
        }
        String[] parts = new String(header.value(), StandardCharsets.US_ASCII).split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
    }

    private static RunError errorOrNull(boolean present, RunError error) {
        return present ? error : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
