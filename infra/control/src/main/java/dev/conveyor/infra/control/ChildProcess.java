package dev.conveyor.infra.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A child process whose merged output goes to a log file. Its standard input stays open for as long as this process
 * lives, so children that watch it (the embedded servers) exit when we die, even on kill -9.
 *
 * <p>The child writes its output to the file itself (the file is its standard output), and lines are read back from
 * the file only while a caller waits for one. A busy service writes thousands of log lines a second; copying them
 * through a thread of ours, a read and a write for every line, took half the CPU of the benchmark that runs the
 * services.
 */
public final class ChildProcess implements AutoCloseable {

    private static final int TAIL_LINES = 40;
    /** Enough of the log's end for {@link #TAIL_LINES} lines of JSON log records. */
    private static final int TAIL_BYTES = 64 * 1024;
    /** How often {@link #awaitLine} reads what the child has added to its log. */
    private static final Duration AWAIT_POLL = Duration.ofMillis(20);

    private final String name;
    private final Process process;
    private final Path log;
    /** Where this process's output starts in the log: a restart appends to the file of the process before it. */
    private final long logStart;
    private final Predicate<String> awaitedLine;

    private ChildProcess(String name, Process process, Path log, long logStart, Predicate<String> awaitedLine) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
        this.awaitedLine = awaitedLine;
    }

    /**
     * Starts {@code command} with {@code environment} added to ours, writing its output to {@code log}.
     * {@code awaitedLine} picks the output line {@link #awaitLine} returns (e.g. a READY line).
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log,
                                     Predicate<String> awaitedLine) {
        try {
            Files.createDirectories(log.getParent());
            long logStart = endLastLine(log);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return new ChildProcess(name, builder.start(), log, logStart, awaitedLine);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
    }

    /**
     * Ends the log's last line if the process before was killed in the middle of it, so that this one's output starts
     * on a line of its own; returns the log's size.
     */
    private static long endLastLine(Path log) throws IOException {
        long size = Files.exists(log) ? Files.size(log) : 0;
        if (size == 0) {
            return 0;
        }
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(size - 1);
            if (in.read() == '\n') {
                return size;
            }
        }
        try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
            out.write('\n');
        }
        return size + 1;
    }

    /** The java launcher of the JDK running us: children run on the same JDK. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The last lines of the log file: this process's, unless it wrote fewer since a restart appended to the file.
     */
    public String lastOutput() {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(Math.max(0, Files.size(log) - TAIL_BYTES));
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(" + log + " cannot be read: " + e.getMessage() + ")";
        }
    }

    private String exitDescription() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? "code " + process.exitValue() : "no exit code yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "an unknown code";
        }
    }

    /**
     * Waits for the awaited line, reading this process's output from the log as the child writes it; fails with the
     * process's last output if it exits or the timeout passes first.
     */
    public String awaitLine(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(logStart);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                // Looked at before reading: whatever an exited child wrote is in the file by then.
                boolean exited = !process.isAlive();
                for (int read; (read = in.read(buffer)) > 0; ) {
                    String awaited = awaitedIn(buffer, read, line);
                    if (awaited != null) {
                        return awaited;
                    }
                }
                if (exited) {
                    throw notReady("exited with " + exitDescription() + " before it was ready");
                }
                if (System.nanoTime() > deadline) {
                    throw notReady("did not get ready within " + timeout);
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("Interrupted while waiting for " + name);
                }
                LockSupport.parkNanos(AWAIT_POLL.toNanos());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the output of " + name + " in " + log, e);
        }
    }

    private IllegalStateException notReady(String why) {
        return new IllegalStateException(name + " " + why + ". Last output (full log: " + log + "):\n" + lastOutput());
    }

    /** The awaited line if it ends in these bytes, else {@code null}; {@code line} holds a line's start. */
    private String awaitedIn(byte[] bytes, int length, ByteArrayOutputStream line) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != '\n') {
                line.write(bytes[i]);
                continue;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (awaitedLine.test(text)) {
                return text;
            }
        }
        return null;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGTERM, then waits for a graceful exit, then SIGKILL if it takes longer than {@code grace}. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** SIGKILL, as a crash would: the process and everything it started. */
    public void kill() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeInput();
    }

    private void closeInput() {
        try {
            OutputStream in = process.getOutputStream();
            in.close();
        } catch (IOException ignored) {
            // The process is gone; its pipe with it.
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
        closeInput();
    }
}
