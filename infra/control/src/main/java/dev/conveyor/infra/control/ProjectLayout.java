package dev.conveyor.infra.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the reactor's build outputs are: the servers' classpaths and the packaged services. */
public record ProjectLayout(Path root) {

    private static final Path SERVER_CLASSPATH = Path.of("infra", "servers", "target", "server.classpath");
    private static final Path SEARCH_CLASSPATH = Path.of("infra", "search-server", "target", "search.classpath");

    /**
     * The project root: the {@code conveyor.root} system property (set by the build for every test), else the
     * nearest folder above the working directory that holds the servers' classpath file.
     */
    public static ProjectLayout locate() {
        String configured = System.getProperty("conveyor.root");
        if (configured != null && !configured.isBlank()) {
            return new ProjectLayout(Path.of(configured).toAbsolutePath());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(SERVER_CLASSPATH))) {
                return new ProjectLayout(dir);
            }
        }
        throw new IllegalStateException("Cannot find the Conveyor project root: build it first (mvn install -DskipTests)"
                + " or set -Dconveyor.root");
    }

    /** The runtime classpath of the embedded servers module (Kafka, PostgreSQL, Mongo), as written by its build. */
    public String serverClasspath() {
        return launcherClasspath(SERVER_CLASSPATH);
    }

    /** The runtime classpath of the embedded search engine module (OpenSearch), as written by its build. */
    public String searchClasspath() {
        return launcherClasspath(SEARCH_CLASSPATH);
    }

    /** A launcher module's own classes followed by the dependencies its build listed in {@code classpathFile}. */
    private String launcherClasspath(Path classpathFile) {
        Path file = root.resolve(classpathFile);
        try {
            String dependencies = Files.readString(file).trim();
            return file.getParent().resolve("classes") + java.io.File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException("Missing " + file + ": build the project first (mvn install -DskipTests)", e);
        }
    }

    /** The index template for the log indices, shared with compose's Elasticsearch. */
    public Path logIndexTemplate() {
        return root.resolve("observability/elasticsearch/index-template-logs-conveyor.json");
    }

    /** The runnable jar of a packaged Quarkus service, e.g. {@code rest-api}. */
    public Path serviceJar(String module) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Missing " + jar + ": package the services first (mvn install -DskipTests)");
        }
        return jar;
    }
}
