package dev.conveyor.infra.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process whose merged output goes to a log file. Its standard input stays open for as long as this process
 * lives, so children that watch it (the embedded servers) exit when we die, even on kill -9.
 */
public final class ChildProcess implements AutoCloseable {

    private static final int TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Path log;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<String> awaited = new CompletableFuture<>();
    private final Predicate<String> awaitedLine;

    private ChildProcess(String name, Process process, Path log, Predicate<String> awaitedLine) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.awaitedLine = awaitedLine;
        Thread pump = new Thread(this::pumpOutput, name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code command} with {@code environment} added to ours, writing its output to {@code log}.
     * {@code awaitedLine} picks the output line {@link #awaitLine} returns (e.g. a READY line).
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log,
                                     Predicate<String> awaitedLine) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            return new ChildProcess(name, builder.start(), log, awaitedLine);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
    }

    /** The java launcher of the JDK running us: children run on the same JDK. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void pumpOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line; (line = reader.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                out.flush();
                remember(line);
                if (!awaited.isDone() && awaitedLine.test(line)) {
                    awaited.complete(line);
                }
            }
        } catch (IOException e) {
            awaited.completeExceptionally(e);
        } finally {
            awaited.completeExceptionally(new IllegalStateException(name + " exited with " + exitDescription()
                    + " before it was ready. Last output (full log: " + log + "):\n" + lastOutput()));
        }
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    public synchronized String lastOutput() {
        return String.join("\n", tail);
    }

    private String exitDescription() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? "code " + process.exitValue() : "no exit code yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "an unknown code";
        }
    }

    /** Waits for the awaited line; fails with the process's last output if it exits or times out first. */
    public String awaitLine(Duration timeout) {
        try {
            return awaited.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(name + " did not get ready within " + timeout + ". Last output (full log: "
                    + log + "):\n" + lastOutput(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name, e);
        }
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
