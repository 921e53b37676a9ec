package dev.conveyor.bench.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long each JVM has been stopped for garbage collection: the time of its young and full collections, from the
 * performance counters HotSpot publishes in {@code <tmpdir>/hsperfdata_<user>/<pid>}, the file {@code jstat} reads.
 * Processes that are not HotSpot JVMs of this user (PostgreSQL) have no reading. A collector that runs beside the
 * application (G1's or ZGC's concurrent cycles) is not counted: none of the measured JVMs uses one.
 */
public final class GcPauses {

    /** The prologue's magic number, always big-endian; then the byte order of everything else. */
    private static final int MAGIC = 0xcafec0c0;
    private static final int BYTE_ORDER_AT = 4;
    private static final int ENTRY_OFFSET_AT = 24;
    private static final int ENTRY_COUNT_AT = 28;
    /** In each entry: its length, its name's offset, its vector length, its type ('J': a long), its value's offset. */
    private static final int NAME_OFFSET_AT = 4;
    private static final int VECTOR_LENGTH_AT = 8;
    private static final int TYPE_AT = 12;
    private static final int DATA_OFFSET_AT = 16;

    private static final List<String> COLLECTIONS = List.of("sun.gc.collector.0.time", "sun.gc.collector.1.time");
    private static final String TICKS_PER_SECOND = "sun.os.hrt.frequency";

    /** Stopped time so far of each process that is a JVM, by name, in the order given. */
    public static Map<String, Duration> read(List<MeasuredProcess> processes) {
        Map<String, Duration> byProcess = new LinkedHashMap<>();
        for (MeasuredProcess process : processes) {
            stopped(process.pid()).ifPresent(stopped -> byProcess.put(process.name(), stopped));
        }
        return byProcess;
    }

    private static Optional<Duration> stopped(long pid) {
        Path counters = Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"),
                Long.toString(pid));
        try {
            Map<String, Long> values = longs(ByteBuffer.wrap(Files.readAllBytes(counters)));
            Long ticksPerSecond = values.get(TICKS_PER_SECOND);
            if (ticksPerSecond == null || ticksPerSecond <= 0 || !values.keySet().containsAll(COLLECTIONS)) {
                return Optional.empty();
            }
            long ticks = COLLECTIONS.stream().mapToLong(values::get).sum();
            return Optional.of(Duration.ofNanos((long) (ticks * 1e9 / ticksPerSecond)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The scalar long counters of a perf data buffer, by name. */
    private static Map<String, Long> longs(ByteBuffer buffer) {
        if (buffer.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not a HotSpot perf data file");
        }
        buffer.order(buffer.get(BYTE_ORDER_AT) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        Map<String, Long> values = new LinkedHashMap<>();
        int entry = buffer.getInt(ENTRY_OFFSET_AT);
        for (int i = buffer.getInt(ENTRY_COUNT_AT); i > 0; i--) {
            if (buffer.get(entry + TYPE_AT) == 'J' && buffer.getInt(entry + VECTOR_LENGTH_AT) == 0) {
                values.put(name(buffer, entry + buffer.getInt(entry + NAME_OFFSET_AT)),
                        buffer.getLong(entry + buffer.getInt(entry + DATA_OFFSET_AT)));
            }
            entry += buffer.getInt(entry);
        }
        return values;
    }

    private static String name(ByteBuffer buffer, int start) {
        int end = start;
        while (buffer.get(end) != 0) {
            end++;
        }
        return new String(buffer.array(), start, end - start, StandardCharsets.US_ASCII);
    }

    private GcPauses() {
    }
}
