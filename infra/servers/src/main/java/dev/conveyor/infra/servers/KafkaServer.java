package dev.conveyor.infra.servers;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Apache Kafka broker in KRaft combined mode (broker + controller), as in production minus replication.
 * Arguments: {@code --port}, {@code --controller-port}, {@code --data-dir}, {@code --topics a,b,c}, {@code --partitions}.
 * Storage is formatted only once, so a restart on the same data directory keeps every record and offset.
 */
public final class KafkaServer {

    public static void main(String[] args) throws Exception {
        ServerMain main = ServerMain.parse(args);
        int port = main.port("port");
        int controllerPort = main.port("controller-port");
        Path dataDir = main.directory("data-dir");
        int partitions = Integer.parseInt(main.option("partitions", "6"));

        Properties props = brokerProperties(port, controllerPort, dataDir, partitions);
        formatOnce(props, dataDir);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + port;
        createTopics(bootstrap, main.option("topics", ""), partitions);

        ServerMain.readyAndAwaitParent(Map.of("bootstrap", bootstrap), () -> {
            server.shutdown();
            server.awaitShutdown();
        });
    }

    private static Properties brokerProperties(int port, int controllerPort, Path dataDir, int partitions) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("logs").toString());
        props.put("num.partitions", Integer.toString(partitions));
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        return props;
    }

    private static void formatOnce(Properties props, Path dataDir) throws Exception {
        Path logs = dataDir.resolve("logs");
        if (Files.exists(logs.resolve("meta.properties"))) {
            return;
        }
        Path config = dataDir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            props.store(out, "Conveyor embedded Kafka");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private static void createTopics(String bootstrap, String topicList, int partitions)
            throws InterruptedException, ExecutionException {
        List<NewTopic> topics = Arrays.stream(topicList.split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .toList();
        if (topics.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (var result : admin.createTopics(topics).values().values()) {
                try {
                    result.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private KafkaServer() {
    }
}
