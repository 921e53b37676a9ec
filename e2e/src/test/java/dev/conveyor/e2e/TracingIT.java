package dev.conveyor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.e2e.OtlpTraceReceiver.ReceivedSpan;
import dev.conveyor.proto.LaunchRequest;
import dev.conveyor.proto.RunServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One launch is one trace across the three packaged services, as they export it over OTLP: the REST call, the
 * outbox write, the relay's publish, the worker's processing and action with its publishes, the updater's processing
 * of each event and its MongoDB writes, every hop a child of the one before.
 */
class TracingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String RUN_ID = "conveyor.run.id";
    private static final String ACTION = "conveyor.action";

    @Test
    void aLaunchIsOneTraceFromTheRestCallToTheMongoDbWrite() {
        RestClient api = new RestClient(RunningStack.get().gateway().url());
        OtlpTraceReceiver traces = RunningStack.traces();
        String admin = api.login(RunningStack.ADMIN_EMAIL, RunningStack.ADMIN_PASSWORD);
        String email = "tia-" + UUID.randomUUID() + "@example.com";
        api.createUser(admin, "Tia", email, "correct-horse-battery");
        String token = api.login(email, "correct-horse-battery");
        // Longer than the worker's report delay (100 ms), so that its RUNNING is published and traced too.
        String task = api.createTask(token, "traced sleep", "sleep", Map.of("millis", 500));
        String run = api.launch(token, task).statusCode(202).extract().path("id");

        Trace trace = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> Trace.of(run, traces), found -> found.complete() && found.has("process task-status"));

        ReceivedSpan http = trace.root();
        assertThat(http.service()).isEqualTo("rest-api");
        assertThat(http.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        assertThat(http.name()).isEqualTo("POST /api/tasks/{id}/launch");

        ReceivedSpan write = trace.childOf(http, "rest-api", "outbox write");
        ReceivedSpan relay = trace.childOf(write, "rest-api", "publish pending-tasks");
        assertThat(relay.kind()).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
        ReceivedSpan consume = trace.childOf(relay, "go-style-worker", "process pending-tasks");
        assertThat(consume.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
        ReceivedSpan action = trace.childOf(consume, "go-style-worker", "execute sleep");
        ReceivedSpan running = trace.childOf(action, "go-style-worker", "publish task-status");
        ReceivedSpan completed = trace.childOf(action, "go-style-worker", "publish task-completed");
        ReceivedSpan recorded = trace.childOf(completed, "task-updater", "process task-completed");
        assertThat(recorded.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
        ReceivedSpan mongoWrite = trace.childOf(recorded, "task-updater",
                span -> span.kind() == SpanKind.SPAN_KIND_CLIENT && List.of("insert", "update").contains(span.name()),
                "a MongoDB insert or update");
        assertThat(mongoWrite.attributes()).containsEntry("db.system.name", "mongodb")
                .containsEntry("db.collection.name", "runs");
        // The command names its operation and collection only: the run's input and result are user data.
        assertThat(mongoWrite.attribute("mongodb.command")).isEqualTo("{\"" + mongoWrite.name() + "\": \"runs\"}");
        // The updater records the other events of the run in the same trace.
        trace.childOf(relay, "task-updater", "process pending-tasks");
        trace.childOf(running, "task-updater", "process task-status");

        for (ReceivedSpan span : List.of(write, relay, consume, action, running, completed, recorded)) {
            assertThat(span.attributes()).as(span.toString()).containsEntry(RUN_ID, run).containsEntry(ACTION, "sleep");
        }
        assertThat(action.attributes()).containsEntry("conveyor.run.status", "SUCCEEDED");
        assertThat(relay.attributes()).containsEntry("messaging.destination.name", "pending-tasks");
        assertThat(recorded.attributes()).containsEntry("messaging.destination.name", "task-completed");
    }

    @Test
    void aGrpcLaunchIsTracedFromItsServerSpan() {
        RestClient api = new RestClient(RunningStack.get().gateway().url());
        String admin = api.login(RunningStack.ADMIN_EMAIL, RunningStack.ADMIN_PASSWORD);
        String email = "gus-" + UUID.randomUUID() + "@example.com";
        api.createUser(admin, "Gus", email, "correct-horse-battery");
        String token = api.login(email, "correct-horse-battery");
        String task = api.createTask(token, "traced over gRPC", "sum", Map.of("numbers", List.of(4, 5)));
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", RunningStack.get().gateway().port())
                .usePlaintext().build();
        String run;
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            run = RunServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .launch(LaunchRequest.newBuilder().setTaskId(task).build()).getId();
        } finally {
            channel.shutdownNow();
        }

        Trace trace = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> Trace.of(run, RunningStack.traces()), Trace::complete);
        // gRPC is served on the HTTP port: the HTTP/2 request's span holds the gRPC call's.
        ReceivedSpan http = trace.root();
        assertThat(http.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        ReceivedSpan call = trace.childOf(http, "rest-api", "conveyor.v1.RunService/Launch");
        assertThat(call.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        ReceivedSpan relay = trace.childOf(trace.childOf(call, "rest-api", "outbox write"), "rest-api",
                "publish pending-tasks");
        trace.childOf(trace.childOf(relay, "go-style-worker", "process pending-tasks"), "go-style-worker",
                "execute sum");
    }

    /** The spans of the trace whose outbox write names the run. */
    private record Trace(List<ReceivedSpan> spans) {

        static Trace of(String run, OtlpTraceReceiver traces) {
            Optional<ReceivedSpan> write = traces.spans().stream()
                    .filter(span -> span.name().equals("outbox write") && run.equals(span.attribute(RUN_ID)))
                    .findFirst();
            return new Trace(write.map(found -> traces.trace(found.traceId())).orElse(List.of()));
        }

        /** Every hop has arrived: the HTTP span and the updater's write of the outcome. */
        boolean complete() {
            return spans.stream().anyMatch(span -> span.parentSpanId().isEmpty())
                    && spans.stream().anyMatch(span -> span.name().equals("process task-completed")
                    && spans.stream().anyMatch(child -> child.parentSpanId().equals(span.spanId())
                    && child.kind() == SpanKind.SPAN_KIND_CLIENT && !child.name().equals("find")));
        }

        boolean has(String spanName) {
            return spans.stream().anyMatch(span -> span.name().equals(spanName));
        }

        ReceivedSpan root() {
            List<ReceivedSpan> roots = spans.stream().filter(span -> span.parentSpanId().isEmpty()).toList();
            assertThat(roots).as("root spans of the trace").hasSize(1);
            return roots.getFirst();
        }

        ReceivedSpan childOf(ReceivedSpan parent, String service, String name) {
            return childOf(parent, service, span -> span.name().equals(name), "\"" + name + "\"");
        }

        ReceivedSpan childOf(ReceivedSpan parent, String service, Predicate<ReceivedSpan> matches, String what) {
            List<ReceivedSpan> children = spans.stream()
                    .filter(span -> span.parentSpanId().equals(parent.spanId()) && service.equals(span.service()))
                    .toList();
            return children.stream().filter(matches).findFirst().orElseThrow(() -> new AssertionError(
                    "No " + what + " span of " + service + " is a child of " + parent + "; its children: "
                            + children + "\nThe whole trace:\n" + spans.stream().map(ReceivedSpan::toString)
                            .collect(Collectors.joining("\n"))));
        }
    }
}
