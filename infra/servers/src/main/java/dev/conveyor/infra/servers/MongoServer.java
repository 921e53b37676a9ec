package dev.conveyor.infra.servers;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * A MongoDB wire-protocol server (mongo-java-server): the real MongoDB driver talks to it over TCP.
 * It lacks change streams and multi-document transactions, which Conveyor does not rely on.
 * Arguments: {@code --port}, {@code --backend memory|h2}, {@code --data-dir} (h2 keeps acknowledged writes across
 * restarts and crashes).
 */
public final class MongoServer {

    public static void main(String[] args) throws Exception {
        ServerMain main = ServerMain.parse(args);
        int port = main.port("port");
        MongoBackend backend = switch (main.option("backend", "memory")) {
            case "memory" -> new MemoryBackend();
            case "h2" -> {
                Path dataDir = main.directory("data-dir");
                yield new DurableH2Backend(dataDir.resolve("mongo.mv").toString());
            }
            default -> throw new IllegalArgumentException("--backend must be memory or h2");
        };
        de.bwaldvogel.mongo.MongoServer server = new de.bwaldvogel.mongo.MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", port));
        ServerMain.readyAndAwaitParent(Map.of("uri", "mongodb://127.0.0.1:" + port), server::shutdown);
    }

    private MongoServer() {
    }
}
