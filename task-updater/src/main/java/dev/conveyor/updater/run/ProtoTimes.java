package dev.conveyor.updater.run;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.Date;

/** Converts between protobuf timestamps and the instants and dates stored in MongoDB (millisecond precision). */
public final class ProtoTimes {

    private ProtoTimes() {
    }

    /** {@code null} for an unset timestamp, so optional times stay absent instead of becoming the epoch. */
    public static Instant toInstant(Timestamp timestamp) {
        if (timestamp == null || (timestamp.getSeconds() == 0 && timestamp.getNanos() == 0)) {
            return null;
        }
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    public static Timestamp toTimestamp(Date date) {
        long millis = date.getTime();
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(millis, 1000))
                .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000)
                .build();
    }
}
