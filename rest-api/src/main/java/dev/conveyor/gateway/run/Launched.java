package dev.conveyor.gateway.run;

import dev.conveyor.proto.Run;

/** A launch's outcome: the run, and whether this call created it (false: an Idempotency-Key replay). */
public record Launched(Run run, boolean created) {
}
