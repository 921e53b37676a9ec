package dev.conveyor.bench;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the client libraries to their warnings: Kafka, the MongoDB driver and gRPC log every connection and their
 * whole configuration at INFO, which would bury the figures. Their SLF4J and JBoss logging go to the JBoss
 * LogManager, so it is made the JDK's log manager before anything logs.
 */
final class ClientLogging {

    private static final List<String> CLIENTS = List.of("org.apache.kafka", "org.mongodb.driver", "io.grpc",
            "io.netty", "io.vertx");
    /** Held so the levels stay set: the log manager keeps loggers only weakly. */
    private static List<Logger> quieted = List.of();

    static void quiet() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        quieted = CLIENTS.stream().map(Logger::getLogger).toList();
        quieted.forEach(logger -> logger.setLevel(Level.WARNING));
    }

    private ClientLogging() {
    }
}
