package dev.conveyor.gateway.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

public final class Times {

    private Times() {
    }

    /** Now, at the microsecond precision PostgreSQL stores, so what a write returns equals what a read returns. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
