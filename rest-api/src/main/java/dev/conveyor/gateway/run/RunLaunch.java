package dev.conveyor.gateway.run;

import dev.conveyor.gateway.task.Priority;
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

/** A launch as accepted: a snapshot of the task at launch time, so later task edits do not change the run. */
@Entity
@Table(name = "run_launch")
public class RunLaunch {

    @Id
    public UUID id;
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "owner_id")
    public UUID ownerId;
    /** Who launched it (the owner or an admin): Idempotency-Keys are scoped to this user. */
    @Column(name = "launched_by")
    public UUID launchedBy;
    public String action;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> input;
    @Enumerated(EnumType.STRING)
    public Priority priority;
    @Column(name = "max_attempts")
    public int maxAttempts;
    @Column(name = "timeout_ms")
    public long timeoutMs;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(name = "created_at")
    public Instant createdAt;
    /** The attempt the latest re-drive asked for; null until the run is re-driven. */
    @Column(name = "redrive_attempt")
    public Integer redriveAttempt;
    @Column(name = "redriven_at")
    public Instant redrivenAt;
}
