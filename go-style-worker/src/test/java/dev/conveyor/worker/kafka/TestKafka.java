package dev.conveyor.worker.kafka;

import dev.conveyor.contract.Topics;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.worker.ProtoTime;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Plain Kafka clients against the test broker, for one test: a producer for requests (valid or not), an admin client
 * for the worker's committed offsets, and the {@link RunEventLog} of what the worker published.
 */
public final class TestKafka implements AutoCloseable {

    /** The worker's consumer group for pending-tasks and pending-tasks-retry. */
    public static final String WORKER_GROUP = "go-style-worker";

    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final RunEventLog events;

    public TestKafka(String bootstrap) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        events = new RunEventLog(bootstrap);
    }

    public RunEventLog events() {
        return events;
    }

    public Admin admin() {
        return admin;
    }

    /** A first attempt on pending-tasks, with a new run id. */
    public String launch(String action, String input, long timeoutMs, int maxAttempts) {
        String runId = UUID.randomUUID().toString();
        send(Topics.PENDING_TASKS, runId, request(runId, action, input, timeoutMs, maxAttempts).toByteArray());
        return runId;
    }

    /** Launched now, as the gateway would. */
    public static RunRequested request(String runId, String action, String input, long timeoutMs, int maxAttempts) {
        return RunRequested.newBuilder()
                .setRun(RunRef.newBuilder().setRunId(runId).setTaskId("task-1").setOwnerId("owner-1")
                        .setAction(action))
                .setInputJson(input)
                .setAttempt(1)
                .setMaxAttempts(maxAttempts)
                .setTimeoutMs(timeoutMs)
                .setCreatedAt(ProtoTime.of(Instant.now()))
                .build();
    }

    public RecordMetadata send(String topic, String key, byte[] value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    public RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Could not send to " + record.topic(), e);
        }
    }

    /**
     * Waits until the worker's group has committed past a record. A record is acked only after everything its
     * processing publishes, so from then on the log can be read to its end to see all of it, or the absence of it.
     */
    public void awaitCommittedPast(RecordMetadata record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(WORKER_GROUP)
                    .partitionsToOffsetAndMetadata().get().get(partition);
            return committed != null && committed.offset() > record.offset();
        });
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
        events.close();
    }
}
