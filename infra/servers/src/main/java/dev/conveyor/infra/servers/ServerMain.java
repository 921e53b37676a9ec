package dev.conveyor.infra.servers;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every embedded server main shares: {@code --name value} arguments, free-port picking, the one
 * {@code READY key=value ...} line the launcher waits for, and exiting when the launching process goes away.
 * Public for the search engine's launcher, which lives in a module of its own (infra/search-server).
 */
public final class ServerMain {

    private final Map<String, String> options = new LinkedHashMap<>();

    private ServerMain(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
    }

    public static ServerMain parse(String[] args) {
        return new ServerMain(args);
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** The port to bind: the one asked for, or a free loopback port when 0 or absent. */
    public int port(String name) throws IOException {
        int port = Integer.parseInt(option(name, "0"));
        return port != 0 ? port : freePort();
    }

    public Path directory(String name) throws IOException {
        String value = options.get(name);
        Path dir = value != null ? Path.of(value) : Files.createTempDirectory("conveyor-" + name);
        return Files.createDirectories(dir.toAbsolutePath());
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /**
     * Announces readiness and then blocks until standard input closes: the launcher holds the pipe open for as
     * long as it lives, so a launcher killed with -9 never leaves an orphaned server behind.
     */
    public static void readyAndAwaitParent(Map<String, Object> endpoints, Runnable stop) throws IOException {
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "server-stop"));
        StringBuilder line = new StringBuilder("READY");
        endpoints.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        System.out.println(line);
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // Nothing to read: the pipe only signals the launcher's lifetime.
        }
        System.exit(0);
    }
}
