package dev.conveyor.updater;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conveyor.contract.Topics;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.infra.test.MongoTestResource;
import dev.conveyor.infra.test.SharedInfrastructure;
import dev.conveyor.proto.GetRunRequest;
import dev.conveyor.proto.HistoryServiceGrpc;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URL;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged updater (the JVM jar; the native executable when built with -Pnative) against the real broker and
 * MongoDB-wire server: events in, history out over gRPC, duplicates and garbage changing nothing.
 */
@QuarkusIntegrationTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class PackagedUpdaterIT {

    @TestHTTPResource
    URL url;

    private KafkaEvents kafka;
    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        kafka = new KafkaEvents(SharedInfrastructure.kafka().endpoint("bootstrap"));
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        kafka.close();
    }

    @Test
    void recordsARunsHistoryOnceAndServesIt() {
        RunRef run = TestRuns.newRun("owner-it", "task-it", "sum");
        kafka.sendBytes(Topics.PENDING_TASKS, run, new byte[] {(byte) 0xff, 0x00, 0x42});
        kafka.send(run, TestRuns.requested(run, 1), TestRuns.running(run, 1), TestRuns.succeeded(run, 1),
                TestRuns.succeeded(run, 1), TestRuns.running(run, 1));

        // Each topic has its own consumer: once all of them committed everything, every event is written.
        kafka.awaitAllConsumed();
        Run recorded = getRun(run);

        assertEquals(RunStatus.SUCCEEDED, recorded.getStatus());
        assertEquals("owner-it", recorded.getOwnerId());
        assertEquals(TestRuns.RESULT_JSON, recorded.getResultJson());
        assertEquals(List.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.SUCCEEDED),
                recorded.getTransitionsList().stream().map(t -> t.getStatus()).toList());
    }

    @Test
    void isReady() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private Run getRun(RunRef run) {
        return HistoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getRun(GetRunRequest.newBuilder().setRunId(run.getRunId()).setOwnerId("owner-it").build());
    }
}
