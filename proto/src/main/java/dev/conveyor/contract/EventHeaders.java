package dev.conveyor.contract;

/**
 * Kafka record headers every Conveyor event carries: CloudEvents binary-mode attributes, so any consumer
 * can deduplicate by {@link #ID} without decoding the payload, plus the W3C trace context.
 */
public final class EventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String PROTOBUF_CONTENT_TYPE = "application/protobuf";

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    /** CloudEvents types, one per message of the contract. */
    public static final String TYPE_RUN_REQUESTED = "dev.conveyor.run.requested.v1";
    public static final String TYPE_RUN_STATUS_CHANGED = "dev.conveyor.run.status-changed.v1";
    public static final String TYPE_RUN_COMPLETED = "dev.conveyor.run.completed.v1";
    public static final String TYPE_RUN_CANCEL_REQUESTED = "dev.conveyor.run.cancel-requested.v1";

    private EventHeaders() {
    }
}
