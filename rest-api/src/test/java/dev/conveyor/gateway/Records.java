package dev.conveyor.gateway;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what the gateway published with a plain KafkaConsumer, from the start of the topic, as any consumer would. */
final class Records {

    private Records() {
    }

    /** The first record of the topic with this key that matches; waits for it up to 30 s. */
    static ConsumerRecord<String, byte[]> find(String bootstrapServers, String topic, String key,
                                               Predicate<ConsumerRecord<String, byte[]>> match) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        AtomicReference<ConsumerRecord<String, byte[]>> found = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (found.get() == null && key.equals(record.key()) && match.test(record)) {
                        found.set(record);
                    }
                }
                return found.get() != null;
            });
        }
        return found.get();
    }

    static ConsumerRecord<String, byte[]> find(String bootstrapServers, String topic, String key) {
        return find(bootstrapServers, topic, key, record -> true);
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A payload as its contract message, failing the test if it is not one. */
    static <T> T parse(byte[] payload, Parser<T> parser) {
        try {
            return parser.parse(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("The record is not the expected contract message", e);
        }
    }

    @FunctionalInterface
    interface Parser<T> {
        T parse(byte[] payload) throws InvalidProtocolBufferException;
    }
}
