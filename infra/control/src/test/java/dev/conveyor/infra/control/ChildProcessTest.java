package dev.conveyor.infra.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child's output reaches its log as it was written, and the awaited line is found in it. */
class ChildProcessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void writesTheOutputToTheLogAsItIsAndFindsTheAwaitedLine() throws IOException {
        Path log = dir.resolve("child.log");
        String lines = IntStream.rangeClosed(1, 5_000).mapToObj(i -> "line " + i + " é")
                .collect(Collectors.joining("\n", "", "\n"));
        Path output = Files.writeString(dir.resolve("out.txt"), lines);

        try (ChildProcess child = ChildProcess.start("child", List.of("sh", "-c",
                        "cat '" + output + "'; echo 'READY 42'; exec sleep 60"),
                Map.of(), log, line -> line.startsWith("READY"))) {
            assertEquals("READY 42", child.awaitLine(TIMEOUT));
            assertEquals(lines + "READY 42\n", Files.readString(log));
        }
    }

    @Test
    void aRestartAppendsToTheLogOnALineOfItsOwnAndAwaitsOnlyItsOwnLines() throws IOException {
        Path log = dir.resolve("restarted.log");
        try (ChildProcess killed = ChildProcess.start("first", List.of("sh", "-c",
                "echo 'READY 1'; printf 'cut off'; exec sleep 60"), Map.of(), log, line -> line.startsWith("READY"))) {
            assertEquals("READY 1", killed.awaitLine(TIMEOUT));
            killed.kill();
        }

        try (ChildProcess restarted = ChildProcess.start("second", List.of("sh", "-c",
                "echo 'READY 2'; exec sleep 60"), Map.of(), log, line -> line.startsWith("READY"))) {
            assertEquals("READY 2", restarted.awaitLine(TIMEOUT));
        }

        assertEquals("READY 1\ncut off\nREADY 2\n", Files.readString(log));
    }

    @Test
    void aChildThatExitsBeforeItsAwaitedLineFailsWithItsLastLines() {
        Path log = dir.resolve("failing.log");

        try (ChildProcess child = ChildProcess.start("failing", List.of("sh", "-c",
                "for i in $(seq 1 100); do echo \"line $i\"; done; exit 3"), Map.of(), log, line -> false)) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> child.awaitLine(TIMEOUT));

            assertTrue(failure.getMessage().contains("exited with code 3"), failure.getMessage());
            String expectedTail = IntStream.rangeClosed(61, 100).mapToObj(i -> "line " + i)
                    .collect(Collectors.joining("\n"));
            assertTrue(failure.getMessage().endsWith(":\n" + expectedTail), failure.getMessage());
            assertEquals(expectedTail, child.lastOutput());
        }
    }
}
