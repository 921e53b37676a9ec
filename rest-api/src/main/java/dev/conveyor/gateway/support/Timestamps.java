package dev.conveyor.gateway.support;

import com.google.protobuf.Timestamp;
import java.time.Instant;

public final class Timestamps {

    private Timestamps() {
    }

    public static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
