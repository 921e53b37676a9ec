package dev.conveyor.bench.runs;

import dev.conveyor.contract.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the updater has consumed every record of its topics, from its consumer group's committed offsets. It
 * commits a batch's offsets only once the batch is written to MongoDB, so a group with no lag has recorded
 * everything sent so far. Waiting on this costs the broker a few metadata requests, where counting finished runs in
 * the embedded MongoDB-wire server scans the whole collection each time.
 */
final class UpdaterLag implements AutoCloseable {

    private static final String GROUP = "task-updater";
    private static final List<String> TOPICS =
            List.of(Topics.PENDING_TASKS, Topics.TASK_STATUS, Topics.TASK_COMPLETED, Topics.RUN_CONTROL);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Admin admin;

    UpdaterLag(String bootstrap) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Waits until the updater has committed every record of its topics; false if it had not by the deadline. */
    boolean awaitCaughtUp(long deadlineNanos) {
        while (lag() > 0) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return true;
    }

    private long lag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(TOPICS).allTopicNames().get().values()
                    .stream()
                    .flatMap(topic -> topic.partitions().stream()
                            .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().mapToLong(end -> {
                OffsetAndMetadata done = committed.get(end.getKey());
                return end.getValue().offset() - (done == null ? 0 : done.offset());
            }).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not read the updater's consumer lag", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the updater's consumer lag", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
