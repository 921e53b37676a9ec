package dev.conveyor.infra.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the reactor's build outputs are: the servers' classpath and the packaged services. */
public record ProjectLayout(Path root) {

    private static final Path SERVER_CLASSPATH = Path.of("infra", "servers", "target", "server.classpath");

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

    /** The runtime classpath of the embedded servers module, as written by its build. */
    public String serverClasspath() {
        Path file = root.resolve(SERVER_CLASSPATH);
        try {
            String dependencies = Files.readString(file).trim();
            return root.resolve("infra/servers/target/classes") + java.io.File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException("Missing " + file + ": build the project first (mvn install -DskipTests)", e);
        }
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
