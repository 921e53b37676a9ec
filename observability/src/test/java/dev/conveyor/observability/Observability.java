package dev.conveyor.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The module's folders and files as the tests read them. */
final class Observability {

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper();

    private Observability() {
    }

    /** The observability folder: set by the build (surefire), else the working directory (the module when run from an IDE). */
    static Path dir() {
        return Path.of(System.getProperty("conveyor.observability.dir", "")).toAbsolutePath();
    }

    static Path path(String relative) {
        return dir().resolve(relative);
    }

    static Path repositoryRoot() {
        return dir().getParent();
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The files of a folder whose names end with the suffix, sorted. */
    static List<Path> files(String folder, String suffix) {
        try (Stream<Path> entries = Files.list(path(folder))) {
            return entries.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    static List<Path> dashboards() {
        return files(PromQlCatalog.DASHBOARDS, ".json");
    }

    static List<Path> ruleFiles() {
        return files(PromQlCatalog.RULES, ".yml");
    }

    static List<Path> ruleTestFiles() {
        return files("prometheus/tests", ".yml");
    }
}
