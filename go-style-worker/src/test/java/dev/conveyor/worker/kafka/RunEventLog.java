package dev.conveyor.worker.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.conveyor.contract.Topics;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunStatusChanged;
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
 * Everything the worker published (task-status, task-completed, pending-tasks-retry, pending-tasks-dlq), read with a
 * plain consumer from the beginning (assigned partitions, no group: nothing to wait for, nothing to commit).
 */
public final class RunEventLog implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    public RunEventLog(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        partitions = Stream.of(Topics.TASK_STATUS, Topics.TASK_COMPLETED, Topics.PENDING_TASKS_RETRY,
                        Topics.PENDING_TASKS_DLQ)
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
            poll();
            return find(topic, matching).size() >= count;
        });
        return find(topic, matching);
    }

    public ConsumerRecord<String, byte[]> await(String topic, String runId) {
        return await(topic, record -> runId.equals(record.key()), 1).getFirst();
    }

    /** The run's outcome on task-completed. */
    public RunCompleted completed(String runId) {
        return parse(RunCompleted.parser(), await(Topics.TASK_COMPLETED, runId));
    }

    /** The run's first {@code count} status changes on task-status, in order. */
    public List<RunStatusChanged> statuses(String runId, int count) {
        return await(Topics.TASK_STATUS, record -> runId.equals(record.key()), count).stream()
                .map(record -> parse(RunStatusChanged.parser(), record))
                .toList();
    }

    public static <T> T parse(Parser<T> parser, ConsumerRecord<?, byte[]> record) {
        try {
            return parser.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("Not a " + parser + ": " + record, e);
        }
    }

    /** The records of a run on a topic, once everything published so far has been read. */
    public List<ConsumerRecord<String, byte[]>> readToEnd(String topic, String runId) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Awaitility.await().pollInSameThread().atMost(PATIENCE).until(() -> {
            poll();
            return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        });
        return find(topic, record -> runId.equals(record.key()));
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
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
