package dev.conveyor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the figures were measured on: they mean little without it. */
record Machine(int cores, String cpu, String memory, String jdk, String os) {

    static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                procLine("/proc/cpuinfo", "model name").map(line -> line.substring(line.indexOf(':') + 1).trim())
                        .orElse(System.getProperty("os.arch")),
                procLine("/proc/meminfo", "MemTotal").map(Machine::gib).orElse("unknown RAM"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine skews every figure. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(" ", fields[0], fields[1], fields[2]);
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String toString() {
        return "%d cores (%s), %s RAM, %s, %s".formatted(cores, cpu, memory, jdk, os);
    }

    private static Optional<String> procLine(String file, String prefix) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(line -> line.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** "MemTotal:       24567890 kB" -> "23.4 GiB". */
    private static String gib(String memTotalLine) {
        long kib = Long.parseLong(memTotalLine.replaceAll("[^0-9]", ""));
        return "%.1f GiB".formatted(kib / 1024.0 / 1024.0);
    }
}
