package dev.conveyor.gateway.run;

import dev.conveyor.gateway.task.Priority;
import java.time.Instant;
import java.util.UUID;

/**
 * A launch as accepted, a row of run_launch: a snapshot of the task at launch time, so later task edits do not
 * change the run. {@code launchedBy} is the owner or an admin: Idempotency-Keys are scoped to this user.
 * {@code inputJson} is the task's input as compact JSON, as the contract messages carry it.
 */
public record RunLaunch(UUID id, UUID taskId, UUID ownerId, UUID launchedBy, String action, String inputJson,
                        Priority priority, int maxAttempts, long timeoutMs, String idempotencyKey, Instant createdAt) {
}
