package dev.conveyor.bench.runs;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conveyor.contract.Topics;
import dev.conveyor.proto.RunCompleted;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts one user's runs as the workers end them, from the task-completed records (every partition, from the end
 * of the topic when it starts; no consumer group). It is how phase (c) bounds its backlog: counting finished runs
 * in MongoDB instead costs, on the embedded MongoDB-wire server, a scan of the whole collection per count, CPU
 * taken from the pipeline being measured. A run recorded twice (at-least-once delivery) is counted twice: the count
 * steers the load, it is not a figure.
 */
final class EndedRuns implements AutoCloseable {

    private static final String TOPIC = Topics.TASK_COMPLETED;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final String ownerId;
    private final AtomicLong ended = new AtomicLong();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread reader;
    private volatile boolean running = true;

    /** Returns once the reader is positioned at the end of every partition, so no later record is missed. */
    EndedRuns(String bootstrap, String ownerId) throws InterruptedException {
        this.ownerId = ownerId;
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.reader = Thread.ofPlatform().name("bench-ended-runs").start(() -> read(config));
        if (!positioned.await(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            close();
            throw new IllegalStateException("Could not read " + TOPIC + " within " + READY_TIMEOUT);
        }
        count();
    }

    /** Runs of the user ended by a worker since this counter started. */
    long count() {
        if (failure.get() != null) {
            throw new IllegalStateException("Stopped reading " + TOPIC, failure.get());
        }
        return ended.get();
    }

    private void read(Map<String, Object> config) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (isTheUsers(record.value())) {
                        ended.incrementAndGet();
                    }
                }
            }
        } catch (RuntimeException e) {
            failure.set(e);
            positioned.countDown();
        }
    }

    private boolean isTheUsers(byte[] value) {
        try {
            return ownerId.equals(RunCompleted.parseFrom(value).getRun().getOwnerId());
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join();
    }
}
