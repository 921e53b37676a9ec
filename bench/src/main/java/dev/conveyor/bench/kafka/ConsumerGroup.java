package dev.conveyor.bench.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conveyor.proto.RunRequested;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumers of one group, each on its own thread as a worker's consumer is, decoding every {@link RunRequested}
 * the way a worker must before it can run anything.
 */
final class ConsumerGroup implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final AtomicLong records = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong lastRecordNanos = new AtomicLong();
    private final AtomicIntegerArray assigned;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    ConsumerGroup(String bootstrap, String topic, int consumers) {
        assigned = new AtomicIntegerArray(consumers);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        for (int i = 0; i < consumers; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().name("bench-consumer-" + i).start(() -> consume(config, topic, index)));
        }
    }

    private void consume(Map<String, Object> config, String topic, int index) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            while (running) {
                var batch = consumer.poll(POLL);
                assigned.set(index, consumer.assignment().size());
                if (batch.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<String, byte[]> record : batch) {
                    decode(record.value());
                }
                records.addAndGet(batch.count());
                lastRecordNanos.set(System.nanoTime());
            }
        }
    }

    private void decode(byte[] value) {
        try {
            RunRequested.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            undecodable.incrementAndGet();
        }
    }

    /** Waits until every consumer owns partitions and together they own all {@code partitions}. */
    void awaitAssignment(int partitions, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!fullyAssigned(partitions)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The consumer group did not get all " + partitions
                        + " partitions within " + timeout + " (assigned: " + assigned + ")");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private boolean fullyAssigned(int partitions) {
        int total = 0;
        for (int i = 0; i < assigned.length(); i++) {
            int mine = assigned.get(i);
            if (mine == 0 && partitions >= assigned.length()) {
                return false;
            }
            total += mine;
        }
        return total == partitions;
    }

    /** Waits until {@code expected} records were consumed; false if the timeout came first. */
    boolean awaitRecords(long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.get() < expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return true;
    }

    long records() {
        return records.get();
    }

    long undecodable() {
        return undecodable.get();
    }

    long lastRecordNanos() {
        return lastRecordNanos.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
