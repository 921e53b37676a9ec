package dev.conveyor.updater.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conveyor.proto.Priority;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.updater.Permutations;
import dev.conveyor.updater.StoredRuns;
import dev.conveyor.updater.TestRuns;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.infra.test.MongoTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The state machine against the MongoDB-wire server, without Kafka: order, repetition and concurrency. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class RunStateMachineTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    RunRecorder recorder;

    @Inject
    StoredRuns stored;

    @Test
    void everyOrderOfARetriedRunsEventsEndsInTheSameDocument() {
        List<Function<RunRef, RunEvent>> lifecycle = List.of(
                run -> queued(run, 1),
                run -> event(run, RunStatus.RUNNING, 1, 11),
                run -> event(run, RunStatus.RETRYING, 1, 15),
                run -> event(run, RunStatus.RUNNING, 2, 21),
                RunStateMachineTest::succeeded);
        List<List<Function<RunRef, RunEvent>>> orders = Permutations.of(lifecycle);

        List<Document> outcomes = orders.stream().map(order -> {
            RunRef run = TestRuns.newRun("owner-1", "task-1", "sum");
            order.forEach(event -> record(event.apply(run)));
            return comparable(stored.find(run));
        }).distinct().toList();

        assertEquals(120, orders.size());
        assertEquals(1, outcomes.size(), () -> "Different outcomes: " + outcomes);
        Document outcome = outcomes.getFirst();
        assertEquals("SUCCEEDED", outcome.getString("status"));
        assertEquals(2, outcome.getInteger("attempts"));
        assertEquals(List.of(10, 11, 15, 21, 29),
                outcome.getList("transitions", Document.class).stream().map(t -> t.getInteger("rank")).toList());
    }

    @Test
    void eventsOfNewRunsRecordedConcurrentlyAreAllKept() {
        List<RunRef> newRuns = IntStream.range(0, 30).mapToObj(i -> TestRuns.newRun()).toList();

        Multi.createFrom().iterable(newRuns)
                .onItem().transformToUniAndMerge(run -> Uni.join().all(
                        recorder.record(queued(run, 1)),
                        recorder.record(event(run, RunStatus.RUNNING, 1, 11)),
                        recorder.record(succeeded(run))).andFailFast())
                .collect().asList().await().atMost(TIMEOUT);

        for (RunRef run : newRuns) {
            Document document = stored.find(run);
            assertEquals("SUCCEEDED", document.getString("status"));
            // The success at attempt 2 implies that attempt's start (rank 21).
            assertEquals(List.of(10, 11, 21, 29), StoredRuns.ranks(document).stream().sorted().toList());
        }
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        RunRef run = TestRuns.newRun();
        assertEquals(Outcome.APPLIED, record(queued(run, 1)));
        assertEquals(Outcome.APPLIED, record(event(run, RunStatus.RUNNING, 1, 11)));
        Document before = stored.find(run);

        assertEquals(Outcome.UNCHANGED, record(queued(run, 1)));
        assertEquals(Outcome.UNCHANGED, record(event(run, RunStatus.RUNNING, 1, 11)));

        assertEquals(before, stored.find(run));
    }

    @Test
    void aCancelledRetryEndsTheRunAndItsAttemptGetsNoOtherOutcome() {
        RunRef run = TestRuns.newRun();
        record(queued(run, 1));
        record(event(run, RunStatus.RETRYING, 1, 15));
        // The worker skips the cancelled run's retry request and reports CANCELLED at the retry's attempt.
        assertEquals(Outcome.APPLIED, record(event(run, RunStatus.CANCELLED, 2, 16)));

        assertEquals(Outcome.UNCHANGED, record(event(run, RunStatus.SUCCEEDED, 2, 22)));

        Document after = stored.find(run);
        assertEquals("CANCELLED", after.getString("status"));
        assertEquals(29, after.getInteger("statusRank"));
        assertEquals(List.of(10, 15, 29), StoredRuns.ranks(after));
    }

    @Test
    void aCompletionRecordsItsAttemptsStartSoItsRunningEventComingLaterWritesNothing() {
        RunRef run = TestRuns.newRun();
        record(queued(run, 1));
        RunEvent running = event(run, RunStatus.RUNNING, 1, 11);
        assertEquals(Outcome.APPLIED, record(new RunEvent(run, RunStatus.SUCCEEDED, 1, at(12), running.workerId(),
                null, null, TestRuns.RESULT_JSON, running.at())));
        Document ended = stored.find(run);

        assertEquals(Outcome.UNCHANGED, record(running));

        assertEquals(ended, stored.find(run));
        assertEquals(List.of(10, 11, 19), StoredRuns.ranks(ended));
        Document start = ended.getList("transitions", Document.class).stream()
                .filter(t -> t.getInteger("rank") == 11).findFirst().orElseThrow();
        assertEquals("RUNNING", start.getString("status"));
        assertEquals(running.workerId(), start.getString("workerId"));
        assertEquals(running.at(), start.getDate("at").toInstant());
        assertEquals(running.at(), ended.getDate("startedAt").toInstant());
    }

    @Test
    void aCompletionCarryingItsRequestWritesANewRunOnceAndTheRequestComingLaterWritesNothing() {
        RunRef first = TestRuns.newRun("owner-1", "task-1", "sum");
        RunRef second = TestRuns.newRun("owner-1", "task-1", "sum");
        record(queued(first, 1));
        record(succeededFirstAttempt(first, null));
        Document inOrder = stored.find(first);

        assertEquals(Outcome.APPLIED, record(succeededFirstAttempt(second, queued(second, 1))));
        Document written = stored.find(second);
        assertEquals(Outcome.UNCHANGED, record(queued(second, 1)));

        assertEquals(written, stored.find(second));
        assertEquals(1, written.getInteger("version"), "one write");
        assertEquals(comparable(inOrder), comparable(written));
        assertEquals(List.of(10, 11, 19), StoredRuns.ranks(written));
        assertEquals(3, written.getInteger("maxAttempts"), "the request describes the run");
    }

    @Test
    void aCompletionOfAnAttemptThatNeverStartedRecordsNoStart() {
        RunRef run = TestRuns.newRun();
        record(queued(run, 1));

        record(new RunEvent(run, RunStatus.CANCELLED, 1, at(12), "worker-1", TestRuns.TIMEOUT, null, null, null));

        assertEquals(List.of(10, 19), StoredRuns.ranks(stored.find(run)));
    }

    private static RunEvent queued(RunRef run, int attempt) {
        RunEvent.Launch launch = new RunEvent.Launch(TestRuns.INPUT_JSON, Priority.LOW, 3, at(0), "trace-1");
        return new RunEvent(run, RunStatus.QUEUED, attempt, at(attempt * 10), null, null, launch, null, null);
    }

    private static RunEvent event(RunRef run, RunStatus status, int attempt, int second) {
        return new RunEvent(run, status, attempt, at(second), "worker-" + attempt,
                status == RunStatus.RETRYING ? TestRuns.TIMEOUT : null, null, null, null);
    }

    private static RunEvent succeededFirstAttempt(RunRef run, RunEvent request) {
        return new RunEvent(run, RunStatus.SUCCEEDED, 1, at(12), "worker-1", null, null, TestRuns.RESULT_JSON, at(11),
                request);
    }

    private static RunEvent succeeded(RunRef run) {
        return new RunEvent(run, RunStatus.SUCCEEDED, 2, at(25), "worker-2", null, null, TestRuns.RESULT_JSON, at(21));
    }

    private static Instant at(int second) {
        return Instant.ofEpochSecond(TestRuns.at(second).getSeconds());
    }

    private Outcome record(RunEvent event) {
        return recorder.record(event).await().atMost(TIMEOUT);
    }


    /**
     * What must not depend on the order: all but the id, the write time, the version (it counts the writes, and a
     * RUNNING consumed after its attempt's outcome takes none) and the order transitions were added in.
     */
    private static Document comparable(Document document) {
        Document copy = new Document(document);
        copy.remove("_id");
        copy.remove("updatedAt");
        copy.remove("version");
        copy.put("transitions", document.getList("transitions", Document.class).stream()
                .sorted(Comparator.comparing(t -> t.getInteger("rank"))).toList());
        return copy;
    }
}
