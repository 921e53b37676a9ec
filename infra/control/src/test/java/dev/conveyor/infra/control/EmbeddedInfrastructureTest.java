package dev.conveyor.infra.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded servers are real: real clients use them, and a crashed server comes back with its data. */
class EmbeddedInfrastructureTest {

    private static EmbeddedInfrastructure infra;

    @BeforeAll
    static void start() {
        Path state = Path.of("target", "infra-test", UUID.randomUUID().toString()).toAbsolutePath();
        infra = EmbeddedInfrastructure.start(EmbeddedInfrastructure.Ports.free(), state, true);
    }

    @AfterAll
    static void stop() {
        infra.close();
    }

    private static String bootstrap() {
        return infra.kafka().endpoint("bootstrap");
    }

    @Test
    void kafkaHasConveyorsTopicsAndKeepsRecordsAcrossACrash() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            var topics = admin.describeTopics(Set.of("pending-tasks", "task-completed")).allTopicNames().get();
            assertEquals(6, topics.get("pending-tasks").partitions().size());
        }
        String key = UUID.randomUUID().toString();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("pending-tasks-dlq", key, "survives")).get();
        }

        long pidBefore = infra.kafka().pid();
        infra.kafka().kill();
        assertFalse(infra.kafka().isAlive());
        infra.kafka().restart();
        assertTrue(infra.kafka().pid() != pidBefore);

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "infra-test-" + key);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("pending-tasks-dlq"));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.key().equals(key)) {
                        values.add(r.value());
                    }
                });
            }
            assertEquals(List.of("survives"), values);
        }
    }

    @Test
    void postgresKeepsCommittedRowsAcrossACrash() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + infra.postgres().endpoint("port") + "/"
                + infra.postgres().endpoint("database");
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE crash_probe (id text primary key)");
            s.execute("INSERT INTO crash_probe VALUES ('committed')");
        }
        infra.postgres().kill();
        infra.postgres().restart();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT id FROM crash_probe")) {
            assertTrue(rows.next());
            assertEquals("committed", rows.getString(1));
        }
    }

    @Test
    void mongoWireServerAnswersTheRealDriverAndKeepsAcknowledgedWritesAcrossACrash() {
        String uri = infra.mongo().endpoint("uri");
        try (MongoClient client = MongoClients.create(uri)) {
            client.getDatabase("probe").getCollection("docs").insertOne(new Document("_id", "kept"));
        }
        infra.mongo().kill();
        infra.mongo().restart();
        try (MongoClient client = MongoClients.create(uri)) {
            assertEquals(1, client.getDatabase("probe").getCollection("docs").countDocuments());
        }
    }
}
