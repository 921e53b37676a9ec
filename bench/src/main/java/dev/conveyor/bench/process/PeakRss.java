package dev.conveyor.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Phase (e): the peak resident set of each process since it started ({@code VmHWM} in {@code /proc/<pid>/status},
 * Linux only), and what it holds now ({@code VmRSS}).
 */
public final class PeakRss {

    /**
     * @param processes how many processes were summed (PostgreSQL: the postmaster and its children)
     * @param peakKib   VmHWM, summed over them: shared memory is counted once per process
     * @param nowKib    VmRSS, summed likewise
     */
    public record Usage(String name, long pid, int processes, long peakKib, long nowKib) {
    }

    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    public static List<Usage> measure(List<MeasuredProcess> processes) {
        List<Usage> usages = new ArrayList<>();
        for (MeasuredProcess process : processes) {
            long peak = 0;
            long now = 0;
            int counted = 0;
            for (long pid : process.pids()) {
                Optional<long[]> status = read(pid);
                if (status.isPresent()) {
                    peak += status.get()[0];
                    now += status.get()[1];
                    counted++;
                }
            }
            if (counted > 0) {
                usages.add(new Usage(process.name(), process.pid(), counted, peak, now));
            }
        }
        return usages;
    }

    /** {VmHWM, VmRSS} in KiB, or empty when the process is gone. */
    private static Optional<long[]> read(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            long[] values = new long[2];
            lines.forEach(line -> {
                if (line.startsWith("VmHWM:")) {
                    values[0] = kib(line);
                } else if (line.startsWith("VmRSS:")) {
                    values[1] = kib(line);
                }
            });
            return Optional.of(values);
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** "VmHWM:	  123456 kB" -> 123456. */
    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private PeakRss() {
    }
}
