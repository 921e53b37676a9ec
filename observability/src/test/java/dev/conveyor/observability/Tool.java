package dev.conveyor.observability;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external command-line tool (promtool, amtool). A test that needs a missing tool is skipped, not failed:
 * bin/lib/ensure-commands.sh (run by the build) installs them before the tests wherever apt-get can, and says
 * why when it cannot.
 */
record Tool(String name, String debianPackage) {

    static final Tool PROMTOOL = new Tool("promtool", "prometheus");
    static final Tool AMTOOL = new Tool("amtool", "prometheus-alertmanager");

    record Result(int exitCode, String output) {
    }

    Result run(Path workingDir, String... arguments) {
        Assumptions.assumeTrue(onPath(), () -> name + " is not on PATH, so this check is skipped: install the Debian "
                + "package " + debianPackage + " (bin/lib/ensure-commands.sh does it when apt-get can run as root)");
        List<String> command = new ArrayList<>();
        command.add(name);
        command.addAll(Arrays.asList(arguments));
        Path output = null;
        try {
            // Into a file rather than a pipe, so that a tool that hangs still meets the timeout below.
            output = Files.createTempFile(name, ".out");
            Process process = new ProcessBuilder(command).directory(workingDir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 2 minutes");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is harmless; the result of the tool is what matters.
        }
    }

    private boolean onPath() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, name))
                .anyMatch(Files::isExecutable);
    }
}
