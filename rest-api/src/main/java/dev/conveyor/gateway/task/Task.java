package dev.conveyor.gateway.task;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A reusable task definition owned by one user. */
@Entity
@Table(name = "task")
public class Task {

    @Id
    public UUID id;
    @Column(name = "owner_id")
    public UUID ownerId;
    public String title;
    public String description;
    public String action;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> input;
    @Enumerated(EnumType.STRING)
    public Priority priority;
    @Column(name = "max_attempts")
    public int maxAttempts;
    @Column(name = "timeout_ms")
    public long timeoutMs;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
