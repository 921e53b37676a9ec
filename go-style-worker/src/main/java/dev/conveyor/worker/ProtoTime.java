package dev.conveyor.worker;

import com.google.protobuf.Timestamp;

import java.time.Instant;
import java.util.Optional;

/** Instants as protobuf timestamps and back (protobuf-java-util is not on the classpath for just this). */
public final class ProtoTime {

    private ProtoTime() {
    }

    public static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** Empty for an unset timestamp (the epoch), so an absent time is never taken for 1970. */
    public static Optional<Instant> instant(Timestamp timestamp) {
        return timestamp.getSeconds() == 0 && timestamp.getNanos() == 0
                ? Optional.empty()
                : Optional.of(Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()));
    }
}
