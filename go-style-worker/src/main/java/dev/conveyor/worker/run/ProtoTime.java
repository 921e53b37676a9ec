package dev.conveyor.worker.run;

import com.google.protobuf.Timestamp;

import java.time.Instant;

/** Instants as protobuf timestamps (protobuf-java-util is not on the classpath for just this). */
final class ProtoTime {

    private ProtoTime() {
    }

    static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
