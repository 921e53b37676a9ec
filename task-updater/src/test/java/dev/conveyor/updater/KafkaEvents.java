package dev.conveyor.updater;

import com.google.protobuf.MessageLite;
import dev.conveyor.contract.EventHeaders;
import dev.conveyor.contract.Topics;
import dev.conveyor.proto.RunCancelRequested;
import dev.conveyor.proto.RunCompleted;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunRequested;
import dev.conveyor.proto.RunStatusChanged;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A plain Kafka client standing in for the gateway and the workers: sends events and sees them consumed. One for
 * all the tests, closed when the application stops.
 */
@Singleton
public class KafkaEvents {

    private static final String GROUP = "task-updater";
    private static final List<String> TOPICS =
            List.of(Topics.PENDING_TASKS, Topics.TASK_STATUS, Topics.TASK_COMPLETED, Topics.RUN_CONTROL);

    /** The span that sent every record, as the gateway's or a worker's would be. */
    public static final String PRODUCER_SPAN_ID = "00f067aa0ba902b7";

    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;

    KafkaEvents(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Each run's events carry a trace of their own: its id is the run id's hex digits. */
    public static String traceId(RunRef run) {
        return run.getRunId().replace("-", "");
    }

    /** Sends events of one run, in order, each to its topic and keyed by the run id as the contract says. */
    public void send(RunRef run, MessageLite... events) {
        for (MessageLite event : events) {
            sendBytes(topicOf(event), run, event.toByteArray());
        }
    }

    private static String topicOf(MessageLite event) {
        return switch (event) {
            case RunRequested ignored -> Topics.PENDING_TASKS;
            case RunStatusChanged ignored -> Topics.TASK_STATUS;
            case RunCompleted ignored -> Topics.TASK_COMPLETED;
            case RunCancelRequested ignored -> Topics.RUN_CONTROL;
            default -> throw new IllegalArgumentException("Not a run event: " + event.getClass());
        };
    }

    /** Sends a raw record of the run and waits until the broker has it. */
    public void sendBytes(String topic, RunRef run, byte[] value) {
        await(topic, producer.send(record(topic, run, value)));
    }

    /**
     * Sends one event of each run without waiting in between, so that they reach the updater together, and waits
     * until the broker has them all.
     */
    public void sendAtOnce(List<RunRef> runs, Function<RunRef, MessageLite> event) {
        List<Future<RecordMetadata>> sent = runs.stream().map(run -> {
            MessageLite one = event.apply(run);
            return producer.send(record(topicOf(one), run, one.toByteArray()));
        }).toList();
        sent.forEach(future -> await("the runs' topic", future));
    }

    private static ProducerRecord<String, byte[]> record(String topic, RunRef run, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, run.getRunId(), value);
        record.headers().add(EventHeaders.TRACEPARENT,
                ("00-" + traceId(run) + "-" + PRODUCER_SPAN_ID + "-01").getBytes(StandardCharsets.US_ASCII));
        return record;
    }

    private static void await(String topic, Future<RecordMetadata> sent) {
        try {
            sent.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    /**
     * Waits until the updater has committed every record of its topics. It commits only what it has written,
     * so afterwards every event sent so far, duplicates included, has been applied.
     */
    public void awaitAllConsumed() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(this::nothingLeftToConsume);
    }

    private boolean nothingLeftToConsume() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(TOPICS).allTopicNames().get().values().stream()
                .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        return ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                || (committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue().offset()));
    }

    @PreDestroy
    void close() {
        producer.close();
        admin.close();
    }
}
