package dev.conveyor.worker.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conveyor.contract.EventHeaders;
import dev.conveyor.contract.Topics;
import dev.conveyor.infra.test.CollectedSpans;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.worker.kafka.KafkaTests;
import dev.conveyor.worker.kafka.TestKafka;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A request's trace goes on through the worker: its process span continues the record's traceparent, the attempt's
 * execute span is inside it, and the run events are published in spans of the attempt whose context their records
 * carry, for the updater to continue.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class RunTracingKafkaTest extends KafkaTests {

    @Inject
    CollectedSpans spans;

    @Test
    void theRunsSpansContinueTheRequestsTraceAndTheEventsCarryThem() {
        String traceId = HexFormat.of().formatHex(random(16));
        String relaySpanId = HexFormat.of().formatHex(random(8));
        String runId = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> request = new ProducerRecord<>(Topics.PENDING_TASKS, runId,
                TestKafka.request(runId, "sleep", "{\"millis\":1500}", 0, 1).toByteArray());
        request.headers().add(EventHeaders.TRACEPARENT,
                ("00-" + traceId + "-" + relaySpanId + "-01").getBytes(StandardCharsets.UTF_8));
        kafka.send(request);

        ConsumerRecord<String, byte[]> completed = events.await(Topics.TASK_COMPLETED, runId);
        List<SpanData> trace = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> spans.ofTrace(traceId), found -> found.stream()
                        .anyMatch(span -> span.getName().equals("process pending-tasks")));

        SpanData process = named(trace, "process pending-tasks");
        assertEquals(relaySpanId, process.getParentSpanId());
        assertEquals(SpanKind.CONSUMER, process.getKind());
        assertEquals(runId, process.getAttributes().get(AttributeKey.stringKey("conveyor.run.id")));
        SpanData execute = named(trace, "execute sleep");
        assertEquals(process.getSpanId(), execute.getParentSpanId());
        SpanData publish = named(trace, "publish task-completed");
        assertEquals(execute.getSpanId(), publish.getParentSpanId());
        assertEquals(SpanKind.PRODUCER, publish.getKind());
        // RUNNING is published from a timer (the attempt outlived the report delay), still within the attempt.
        assertEquals(execute.getSpanId(), named(trace, "publish task-status").getParentSpanId());

        assertEquals("00-" + traceId + "-" + publish.getSpanId() + "-01",
                TestKafka.header(completed, EventHeaders.TRACEPARENT));
        Iterable<Header> traceparents = completed.headers().headers(EventHeaders.TRACEPARENT);
        assertEquals(1, StreamSupport.stream(traceparents.spliterator(), false).count(), "one traceparent header");
    }

    private static SpanData named(List<SpanData> trace, String name) {
        return trace.stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No span " + name + " in " + trace));
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(value);
        return value;
    }
}
