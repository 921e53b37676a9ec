package dev.conveyor.infra.control.logs;

import dev.conveyor.infra.control.logs.ShipperState.FilePosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Follows one log file: hands out its complete lines (a line still being written stays until its line break
 * arrives) and tracks two positions, what has been read into the current batch and what has been shipped.
 * A file replaced under the same name (shorter than what was read, or other first bytes) starts a new incarnation
 * with a new id, once everything read from the old one has been shipped.
 */
final class LogTail {

    /** Bytes read at a time; a line longer than this (no line break in it) is cut into pieces of this size. */
    static final int WINDOW_BYTES = 1 << 20;
    private static final int FINGERPRINT_BYTES = 1024;

    private final LogSource source;
    private FilePosition shipped;
    private FilePosition read;
    private boolean newIncarnation;

    LogTail(LogSource source, FilePosition saved) {
        this.source = source;
        if (saved == null) {
            startIncarnation();
        } else {
            shipped = saved;
            read = saved;
        }
    }

    LogSource source() {
        return source;
    }

    FilePosition shipped() {
        return shipped;
    }

    /** True once after a new incarnation began: its id must be saved before any of its lines is shipped. */
    boolean takeNewIncarnation() {
        boolean started = newIncarnation;
        newIncarnation = false;
        return started;
    }

    /** Everything read so far has been shipped. */
    void commit() {
        shipped = read;
    }

    /** Up to {@code maxLines} complete lines after the read position (blank lines are skipped). */
    List<LogLine> read(int maxLines) throws IOException {
        try (FileChannel channel = FileChannel.open(source.file(), StandardOpenOption.READ)) {
            long size = channel.size();
            if (replaced(channel, size)) {
                if (!read.equals(shipped)) {
                    return List.of();
                }
                startIncarnation();
            }
            fingerprint(channel, size);
            return lines(channel, size, maxLines);
        } catch (NoSuchFileException notWrittenYet) {
            return List.of();
        }
    }

    private void startIncarnation() {
        shipped = FilePosition.start(UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        read = shipped;
        newIncarnation = true;
    }

    private boolean replaced(FileChannel channel, long size) throws IOException {
        return size < read.offset() || size < read.fingerprintLength()
                || read.fingerprintLength() > 0 && !hash(channel, read.fingerprintLength()).equals(read.fingerprint());
    }

    /** Extends the fingerprint as the file grows, up to its limit; the bytes it covers were just checked. */
    private void fingerprint(FileChannel channel, long size) throws IOException {
        int length = (int) Math.min(size, FINGERPRINT_BYTES);
        if (length > read.fingerprintLength()) {
            read = read.fingerprinted(hash(channel, length), length);
        }
    }

    private List<LogLine> lines(FileChannel channel, long size, int maxLines) throws IOException {
        if (size <= read.offset() || maxLines <= 0) {
            return List.of();
        }
        byte[] bytes = readFully(channel, read.offset(), (int) Math.min(size - read.offset(), WINDOW_BYTES));
        List<LogLine> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length && lines.size() < maxLines; i++) {
            if (bytes[i] == '\n') {
                add(lines, bytes, start, i);
                start = i + 1;
            }
        }
        if (start == 0 && lines.isEmpty() && bytes.length == WINDOW_BYTES) {
            add(lines, bytes, 0, bytes.length);
            start = bytes.length;
        }
        read = read.at(read.offset() + start);
        return lines;
    }

    private void add(List<LogLine> lines, byte[] bytes, int start, int end) {
        int length = end - start;
        if (length > 0 && bytes[end - 1] == '\r') {
            length--;
        }
        String text = new String(bytes, start, length, StandardCharsets.UTF_8);
        if (!text.isBlank()) {
            lines.add(new LogLine(source, read.fileId(), read.offset() + start, text));
        }
    }

    private static byte[] readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
            // Reads until the window is full or the file ends.
        }
        return buffer.position() == length ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static String hash(FileChannel channel, int length) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(readFully(channel, 0, length)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
