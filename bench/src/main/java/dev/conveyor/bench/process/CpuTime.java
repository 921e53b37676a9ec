package dev.conveyor.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time each process used, from {@code /proc/<pid>/stat} (Linux only): user plus system time of the process and,
 * with its descendants, of each live child and of the children it has already reaped. So a PostgreSQL backend that
 * exits between two readings still counts once, in its postmaster's total.
 */
public final class CpuTime {

    /** Linux reports CPU times in clock ticks of 1/100 s (USER_HZ) on every architecture it runs Conveyor on. */
    private static final long TICKS_PER_SECOND = 100;

    /**
     * CPU used so far by each process, by name, in the order given, and by the JIT compiler threads of all of them
     * (live threads only: a compiler thread the JVM has stopped no longer counts, so this share is a lower bound).
     */
    public record Reading(Map<String, Duration> byProcess, Duration jitCompilers) {

        /** What each process used since {@code earlier}; processes missing from either reading are left out. */
        public Map<String, Duration> since(Reading earlier) {
            Map<String, Duration> used = new LinkedHashMap<>();
            byProcess.forEach((name, total) -> {
                Duration before = earlier.byProcess.get(name);
                if (before != null) {
                    used.put(name, total.minus(before));
                }
            });
            return used;
        }

        public Duration jitCompilersSince(Reading earlier) {
            Duration used = jitCompilers.minus(earlier.jitCompilers);
            return used.isNegative() ? Duration.ZERO : used;
        }
    }

    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    public static Reading read(List<MeasuredProcess> processes) {
        Map<String, Duration> byProcess = new LinkedHashMap<>();
        long jitTicks = 0;
        for (MeasuredProcess process : processes) {
            List<Long> pids = process.pids();
            jitTicks += pids.stream().mapToLong(CpuTime::jitCompilerTicks).sum();
            // Reaped children count in the first process only: the one that forked them.
            ticks(pids.getFirst(), process.includeDescendants()).ifPresent(own -> {
                long all = own + pids.stream().skip(1).mapToLong(child -> ticks(child, false).orElse(0L)).sum();
                byProcess.put(process.name(), Duration.ofMillis(all * 1000 / TICKS_PER_SECOND));
            });
        }
        return new Reading(byProcess, Duration.ofMillis(jitTicks * 1000 / TICKS_PER_SECOND));
    }

    /** HotSpot names its compiler threads "C1 CompilerThreadN" and "C2 CompilerThreadN" (cut to 15 characters). */
    private static long jitCompilerTicks(long pid) {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return threads.mapToLong(thread -> {
                try {
                    String name = Files.readString(thread.resolve("comm"));
                    return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
                            ? ticks(thread.resolve("stat"), false).orElse(0L) : 0L;
                } catch (IOException e) {
                    return 0L;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** utime + stime, plus cutime + cstime (reaped children) when asked; empty when the process is gone. */
    private static Optional<Long> ticks(long pid, boolean withReapedChildren) {
        return ticks(Path.of("/proc", Long.toString(pid), "stat"), withReapedChildren);
    }

    /** From a process's or a thread's stat file. */
    private static Optional<Long> ticks(Path statFile, boolean withReapedChildren) {
        try {
            String stat = Files.readString(statFile);
            // The command name, in parentheses, may hold spaces: fields are counted after its closing parenthesis,
            // where field 3 (state) comes first, so utime (14) is at index 11.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withReapedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return Optional.of(ticks);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private CpuTime() {
    }
}
