package dev.conveyor.worker.kafka;

import dev.conveyor.contract.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;


/**
 * Everything the worker published to task-status and task-completed, read with a plain consumer from the beginning
 * (assigned partitions, no group: nothing to wait for, nothing to commit).
 */
public final class RunEventLog implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    public RunEventLog(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        List<TopicPartition> partitions = Stream.of(Topics.TASK_STATUS, Topics.TASK_COMPLETED)
                .flatMap(topic -> consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(topic, info.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits until {@code count} records of a topic match, and returns them. */
    public List<ConsumerRecord<String, byte[]>> await(String topic, Predicate<ConsumerRecord<String, byte[]>> matching,
                                                       int count) {
        // Same thread: a KafkaConsumer must only ever be used from one.
        Awaitility.await().pollInSameThread().atMost(PATIENCE).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return find(topic, matching).size() >= count;
        });
        return find(topic, matching);
    }

    public ConsumerRecord<String, byte[]> await(String topic, String runId) {
        return await(topic, record -> runId.equals(record.key()), 1).getFirst();
    }

    private List<ConsumerRecord<String, byte[]>> find(String topic,
                                                      Predicate<ConsumerRecord<String, byte[]>> matching) {
        return records.stream().filter(r -> r.topic().equals(topic)).filter(matching).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
