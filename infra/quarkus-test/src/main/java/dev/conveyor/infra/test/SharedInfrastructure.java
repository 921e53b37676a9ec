package dev.conveyor.infra.test;

import dev.conveyor.infra.control.EmbeddedInfrastructure;
import dev.conveyor.infra.control.EmbeddedServer;
import dev.conveyor.infra.control.JwtKeys;
import dev.conveyor.infra.control.ProjectLayout;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The servers of one test JVM: each starts on first use, on free loopback ports, and is shared by every test of the
 * run; they stop when the JVM exits (and die with it even on kill -9, see ChildProcess).
 */
public final class SharedInfrastructure {

    private static final Path STATE = Path.of("target", "test-infra", UUID.randomUUID().toString()).toAbsolutePath();
    private static final Path LOGS = STATE.resolve("logs");
    private static final EmbeddedInfrastructure.Ports PORTS = EmbeddedInfrastructure.Ports.free();

    private static final class Kafka {
        static final EmbeddedServer SERVER = closedAtExit(
                EmbeddedInfrastructure.startKafka(ProjectLayout.locate(), PORTS, STATE, LOGS));
    }

    private static final class Postgres {
        static final EmbeddedServer SERVER = closedAtExit(
                EmbeddedInfrastructure.startPostgres(ProjectLayout.locate(), PORTS, STATE, LOGS));
    }

    private static final class Mongo {
        static final EmbeddedServer SERVER = closedAtExit(
                EmbeddedInfrastructure.startMongo(ProjectLayout.locate(), PORTS, STATE, LOGS, false));
    }

    private static final class Keys {
        static final JwtKeys PAIR = JwtKeys.inDirectory(STATE.resolve("jwt"));
    }

    public static EmbeddedServer kafka() {
        return Kafka.SERVER;
    }

    public static EmbeddedServer postgres() {
        return Postgres.SERVER;
    }

    public static EmbeddedServer mongo() {
        return Mongo.SERVER;
    }

    public static JwtKeys jwtKeys() {
        return Keys.PAIR;
    }

    private static EmbeddedServer closedAtExit(EmbeddedServer server) {
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-" + server.kind()));
        return server;
    }

    private SharedInfrastructure() {
    }
}
