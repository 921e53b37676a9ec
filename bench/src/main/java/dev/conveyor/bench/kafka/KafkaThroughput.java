package dev.conveyor.bench.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Phase (a): how fast this Kafka moves pending-tasks records with nothing else in the way. One idempotent producer
 * with {@code acks=all} (as the gateway's outbox relay) sends as fast as the broker acknowledges, while a consumer
 * group reads and decodes them, on a topic of its own that is deleted afterwards.
 */
public final class KafkaThroughput {

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);

    /**
     * @param records            records produced, acknowledged and consumed
     * @param recordsPerSecond   from the first send to the last record consumed
     * @param megabytesPerSecond the same in MB (10^6 bytes) of key, value and headers
     * @param producedPerSecond  acknowledged sends per second while producing
     * @param recordBytes        average key + value + headers of one record
     * @param failedSends        sends the broker did not acknowledge
     * @param caughtUp           whether the consumers read every record before the timeout
     */
    public record Result(long records, double recordsPerSecond, double megabytesPerSecond, double producedPerSecond,
                         double recordBytes, long failedSends, boolean caughtUp, int partitions, int consumers) {
    }

    private final String bootstrap;
    private final int partitions;
    private final int consumers;

    public KafkaThroughput(String bootstrap, int partitions, int consumers) {
        this.bootstrap = bootstrap;
        this.partitions = partitions;
        this.consumers = consumers;
    }

    public Result run(Duration duration) throws Exception {
        String topic = "bench-pending-tasks-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // The broker's default replication factor: 1 on the embedded broker, the cluster's own elsewhere.
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
            try {
                return measure(topic, duration);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private Result measure(String topic, Duration duration) throws Exception {
        try (ConsumerGroup group = new ConsumerGroup(bootstrap, topic, consumers);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig())) {
            group.awaitAssignment(partitions, Duration.ofMinutes(1));
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long bytes = 0;
            long sent = 0;
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            while (System.nanoTime() < end) {
                ProducerRecord<String, byte[]> record = PendingTaskRecords.next(topic);
                bytes += PendingTaskRecords.size(record);
                sent++;
                // send() blocks once buffer.memory is full: the broker's pace sets ours.
                producer.send(record, (metadata, error) -> (error == null ? acknowledged : failed).incrementAndGet());
            }
            producer.flush();
            double produceSeconds = (System.nanoTime() - start) / 1e9;
            boolean caughtUp = group.awaitRecords(acknowledged.get(), CATCH_UP_TIMEOUT);
            long consumed = group.records();
            if (consumed == 0) {
                throw new IllegalStateException("The consumers read nothing within " + CATCH_UP_TIMEOUT);
            }
            double seconds = (group.lastRecordNanos() - start) / 1e9;
            if (group.undecodable() > 0) {
                throw new IllegalStateException(group.undecodable() + " consumed records did not decode");
            }
            double recordBytes = (double) bytes / sent;
            return new Result(consumed, consumed / seconds, consumed * recordBytes / seconds / 1e6,
                    acknowledged.get() / produceSeconds, recordBytes, failed.get(), caughtUp, partitions, consumers);
        }
    }

    /** As the gateway's outbox channel: acks=all, idempotent; batching left at the client's defaults. */
    private Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    }
}
