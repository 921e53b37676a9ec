package dev.conveyor.infra.control.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far each log file has been shipped, kept in a small JSON file so a restarted shipper resumes exactly there.
 * Written atomically (a new file moved over the old), so a crash leaves either the old state or the new one.
 * Losing this file makes the shipper send every line again under new ids, as losing Filebeat's registry does.
 */
final class ShipperState {

    private final Path file;
    private final Map<Path, FilePosition> positions = new LinkedHashMap<>();

    private ShipperState(Path file) {
        this.file = file;
    }

    static ShipperState load(Path file) {
        ShipperState state = new ShipperState(file);
        if (!Files.exists(file)) {
            return state;
        }
        try {
            Map<String, Object> saved = Json.parseObject(Files.readString(file));
            if (saved.get("files") instanceof Map<?, ?> files) {
                files.forEach((path, position) -> state.positions.put(Path.of((String) path),
                        FilePosition.fromJson((Map<?, ?>) position)));
            }
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the log shipper's state " + file, e);
        }
    }

    FilePosition position(Path logFile) {
        return positions.get(logFile);
    }

    void put(Path logFile, FilePosition position) {
        positions.put(logFile, position);
    }

    void save() {
        Map<String, Object> files = new LinkedHashMap<>();
        positions.forEach((path, position) -> files.put(path.toString(), position.toJson()));
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, Json.write(Map.of("files", files)));
            try {
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the log shipper's state " + file, e);
        }
    }

    /**
     * A position in one incarnation of a log file.
     *
     * @param fileId            random id of this incarnation; part of every document id shipped from it
     * @param offset            bytes shipped (always at a line start)
     * @param fingerprint       hash of the file's first {@code fingerprintLength} bytes: a file replaced under the
     *                          same name (deleted and written again) no longer matches it
     * @param fingerprintLength how many bytes the fingerprint covers (grows up to a limit as the file does)
     */
    record FilePosition(String fileId, long offset, String fingerprint, int fingerprintLength) {

        static FilePosition start(String fileId) {
            return new FilePosition(fileId, 0, "", 0);
        }

        FilePosition at(long newOffset) {
            return new FilePosition(fileId, newOffset, fingerprint, fingerprintLength);
        }

        FilePosition fingerprinted(String newFingerprint, int newLength) {
            return new FilePosition(fileId, offset, newFingerprint, newLength);
        }

        private Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("fileId", fileId);
            json.put("offset", offset);
            json.put("fingerprint", fingerprint);
            json.put("fingerprintLength", fingerprintLength);
            return json;
        }

        private static FilePosition fromJson(Map<?, ?> json) {
            return new FilePosition((String) json.get("fileId"), ((Number) json.get("offset")).longValue(),
                    (String) json.get("fingerprint"), ((Number) json.get("fingerprintLength")).intValue());
        }
    }
}
