package dev.conveyor.gateway.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A Kafka record waiting to be published, written in the same transaction as the change it announces. */
@Entity
@Table(name = "outbox")
public class OutboxRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "run_id")
    public UUID runId;
    public String topic;
    @Column(name = "record_key")
    public String recordKey;
    public byte[] payload;
    /** Record headers, fixed at write time so a republished record keeps its CloudEvents id. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> headers;
    /** The run's action, for the relay's publish span. */
    public String action;
    /** W3C trace context of the outbox write span of the request, so the trace continues through Kafka. */
    public String traceparent;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "published_at")
    public Instant publishedAt;
}
