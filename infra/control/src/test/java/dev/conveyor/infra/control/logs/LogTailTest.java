package dev.conveyor.infra.control.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void handsOutALineOnlyOnceItsLineBreakIsWritten() throws IOException {
        Path file = dir.resolve("svc.log");
        LogTail tail = new LogTail(new LogSource(file, "svc"), null);
        assertEquals(List.of(), tail.read(10));

        append(file, "first\r\n\nsec");
        assertEquals(List.of("first@0"), texts(tail.read(10)));
        assertEquals(List.of(), tail.read(10));

        append(file, "ond\n");
        assertEquals(List.of("second@8"), texts(tail.read(10)));
    }

    @Test
    void readsAtMostTheLinesAskedFor() throws IOException {
        Path file = dir.resolve("svc.log");
        append(file, "a\nb\nc\n");
        LogTail tail = new LogTail(new LogSource(file, "svc"), null);

        assertEquals(List.of("a@0", "b@2"), texts(tail.read(2)));
        assertEquals(List.of("c@4"), texts(tail.read(2)));
    }

    @Test
    void resumesFromTheShippedPositionNotTheReadOne() throws IOException {
        Path file = dir.resolve("svc.log");
        append(file, "a\nb\n");
        LogTail tail = new LogTail(new LogSource(file, "svc"), null);
        tail.read(1);
        tail.commit();
        tail.read(1);

        LogTail resumed = new LogTail(new LogSource(file, "svc"), tail.shipped());

        List<LogLine> lines = resumed.read(10);
        assertEquals(List.of("b@2"), texts(lines));
        assertEquals(tail.shipped().fileId(), lines.getFirst().fileId());
    }

    @Test
    void startsANewIncarnationForAFileReplacedUnderTheSameName() throws IOException {
        Path file = dir.resolve("svc.log");
        append(file, "old one\nold two\n");
        LogTail tail = new LogTail(new LogSource(file, "svc"), null);
        assertTrue(tail.takeNewIncarnation());
        String oldId = tail.read(10).getFirst().fileId();

        Files.delete(file);
        append(file, "new, and longer than before\n");
        assertEquals(List.of(), tail.read(10), "what was read from the old file is not shipped yet");

        tail.commit();
        List<LogLine> lines = tail.read(10);
        assertTrue(tail.takeNewIncarnation());
        assertEquals(List.of("new, and longer than before@0"), texts(lines));
        assertNotEquals(oldId, lines.getFirst().fileId());
    }

    @Test
    void cutsALineLongerThanItsWindow() throws IOException {
        Path file = dir.resolve("svc.log");
        append(file, "x".repeat(LogTail.WINDOW_BYTES + 3) + "\n");
        LogTail tail = new LogTail(new LogSource(file, "svc"), null);

        List<LogLine> lines = tail.read(10);
        assertEquals(1, lines.size());
        assertEquals(LogTail.WINDOW_BYTES, lines.getFirst().text().length());
        assertEquals(List.of("xxx@" + LogTail.WINDOW_BYTES), texts(tail.read(10)));
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> texts(List<LogLine> lines) {
        return lines.stream().map(line -> line.text() + "@" + line.offset()).toList();
    }
}
