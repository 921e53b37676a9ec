package dev.conveyor.updater.run;

import static dev.conveyor.updater.run.Outcome.APPLIED;
import static dev.conveyor.updater.run.Outcome.LATE;
import static dev.conveyor.updater.run.Outcome.PARKED;
import static dev.conveyor.updater.run.Outcome.UNCHANGED;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.infra.test.MongoTestResource;
import dev.conveyor.proto.Priority;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.updater.StoredRuns;
import dev.conveyor.updater.TestRuns;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rank rules of docs/RUN-SEMANTICS.md, one row per case: events recorded one after the other against the
 * MongoDB-wire server, what each did, and where the run ends. Each row holds both ways changes are recorded: each on
 * its own after reading the run, and all together from one read with one write (as in a consumed batch).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
class RankRulesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    RunRecorder recorder;

    @Inject
    StoredRuns stored;

    @Inject
    ReactiveMongoCollection<Document> runs;

    @Inject
    RunLatency latency;

    @Inject
    MeterRegistry registry;

    /** One step of a case: an event of the run, or a cancellation request. */
    private record Step(String name, BiFunction<RunRef, Integer, RunChange> change, int attempt, Outcome expected) {

        @Override
        public String toString() {
            return name + attempt + "=" + expected;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("a duplicate changes nothing",
                        List.of(q(1, APPLIED), r(1, APPLIED), r(1, UNCHANGED), q(1, UNCHANGED)),
                        "RUNNING", 11, List.of(10, 11)),
                row("a RUNNING recorded after its outcome joins the history, the run stays ended",
                        List.of(q(1, APPLIED), s(1, APPLIED), r(1, LATE), r(1, UNCHANGED)),
                        "SUCCEEDED", 19, List.of(10, 11, 19)),
                row("nothing moves a SUCCEEDED run, not even a later attempt",
                        List.of(q(1, APPLIED), r(1, APPLIED), s(1, APPLIED), r(2, UNCHANGED), f(2, UNCHANGED)),
                        "SUCCEEDED", 19, List.of(10, 11, 19)),
                row("a second outcome of the same attempt changes nothing",
                        List.of(q(1, APPLIED), r(1, APPLIED), f(1, APPLIED), s(1, UNCHANGED), d(1, UNCHANGED)),
                        "FAILED", 19, List.of(10, 11, 19)),
                row("an attempt run again after a lost lease adds no outcome once the next attempt started",
                        List.of(q(1, APPLIED), r(1, APPLIED), retrying(1, APPLIED), r(2, APPLIED), s(1, UNCHANGED), s(2, APPLIED)),
                        "SUCCEEDED", 29, List.of(10, 11, 15, 21, 29)),
                row("an attempt run again after a lost lease cannot replace its RETRYING with an outcome",
                        List.of(q(1, APPLIED), r(1, APPLIED), retrying(1, APPLIED), s(1, UNCHANGED), r(2, APPLIED), d(2, APPLIED)),
                        "DEAD", 29, List.of(10, 11, 15, 21, 29)),
                row("an attempt executed again after a crash cannot end a run that ended at a later attempt",
                        List.of(q(1, APPLIED), s(2, APPLIED), s(1, UNCHANGED), r(1, LATE), retrying(1, LATE), r(2, LATE)),
                        "SUCCEEDED", 29, List.of(10, 11, 15, 21, 29)),
                row("RETRYING, then RUNNING of the next attempt",
                        List.of(q(1, APPLIED), r(1, APPLIED), retrying(1, APPLIED), r(2, APPLIED), s(2, APPLIED)),
                        "SUCCEEDED", 29, List.of(10, 11, 15, 21, 29)),
                row("a RUNNING recorded after its attempt's RETRYING does not move the run back",
                        List.of(q(1, APPLIED), retrying(1, APPLIED), r(1, LATE)),
                        "RETRYING", 15, List.of(10, 11, 15)),
                row("a re-drive's QUEUED reopens a FAILED run",
                        List.of(q(1, APPLIED), r(1, APPLIED), f(1, APPLIED), q(2, APPLIED), r(2, APPLIED), s(2, APPLIED)),
                        "SUCCEEDED", 29, List.of(10, 11, 19, 20, 21, 29)),
                row("a re-drive's QUEUED reopens a DEAD run",
                        List.of(q(1, APPLIED), r(1, APPLIED), d(1, APPLIED), q(2, APPLIED), r(2, APPLIED)),
                        "RUNNING", 21, List.of(10, 11, 19, 20, 21)),
                row("a re-drive's events before its QUEUED wait for it, then apply",
                        List.of(q(1, APPLIED), d(1, APPLIED), r(2, PARKED), s(2, PARKED), r(2, UNCHANGED), q(2, APPLIED)),
                        "SUCCEEDED", 29, List.of(10, 19, 20, 21, 29)),
                row("a re-drive ends once: its second outcome changes nothing",
                        List.of(q(1, APPLIED), f(1, APPLIED), q(2, APPLIED), f(2, APPLIED), s(2, UNCHANGED), q(2, UNCHANGED)),
                        "FAILED", 29, List.of(10, 19, 20, 29)),
                row("a worker skips a cancelled run's retry: CANCELLED at the retry's attempt ends the run",
                        List.of(q(1, APPLIED), r(1, APPLIED), retrying(1, APPLIED), c(2, APPLIED), s(2, UNCHANGED)),
                        "CANCELLED", 29, List.of(10, 11, 15, 29)),
                row("a cancellation request cancels a QUEUED run at its attempt; the worker's CANCELLED repeats it",
                        List.of(q(1, APPLIED), cancel(APPLIED), c(1, UNCHANGED), r(1, LATE)),
                        "CANCELLED", 19, List.of(10, 11, 19)),
                row("a cancellation request cancels a RETRYING run; its retry changes nothing",
                        List.of(q(1, APPLIED), r(1, APPLIED), retrying(1, APPLIED), cancel(APPLIED), r(2, UNCHANGED)),
                        "CANCELLED", 19, List.of(10, 11, 15, 19)),
                row("a cancellation request leaves a RUNNING run to its worker",
                        List.of(q(1, APPLIED), r(1, APPLIED), cancel(UNCHANGED), c(1, APPLIED)),
                        "CANCELLED", 19, List.of(10, 11, 19)),
                row("a cancellation request for an ended run changes nothing",
                        List.of(q(1, APPLIED), s(1, APPLIED), cancel(UNCHANGED)),
                        "SUCCEEDED", 19, List.of(10, 19)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachChangeDoesWhatTheRankRulesSay(String description, List<Step> steps, String status, int rank, List<Integer> ranks) {
        RunRef run = TestRuns.newRun();

        List<Outcome> outcomes = steps.stream().map(step -> record(step.change().apply(run, step.attempt()))).toList();

        assertEndsAsTheRulesSay(run, steps, outcomes, status, rank, ranks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theChangesDecidedTogetherAndWrittenInOneBulkWriteDoTheSame(String description, List<Step> steps,
                                                                    String status, int rank, List<Integer> ranks) {
        RunRef run = TestRuns.newRun();
        List<RunChange> changes = steps.stream().map(step -> step.change().apply(run, step.attempt())).toList();

        RunRecorder.Decided decided = recorder.decide(changes, readInBatch(run), Instant.now());
        Set<String> notWritten = recorder.write(List.of(decided)).await().atMost(TIMEOUT);

        assertEquals(Set.of(), notWritten);
        assertEndsAsTheRulesSay(run, steps, decided.outcomes(), status, rank, ranks);
    }

    @Test
    void aBulkWriteLeavesOutOnlyTheRunsThatChangedSinceTheyWereRead() {
        RunRef changed = TestRuns.newRun();
        RunRef createdMeanwhile = TestRuns.newRun();
        RunRef unchanged = TestRuns.newRun();
        RunRef created = TestRuns.newRun();
        record(q(1, APPLIED), changed);
        record(q(1, APPLIED), unchanged);
        RunRecorder.Stored staleChanged = readInBatch(changed);
        RunRecorder.Stored staleNew = readInBatch(createdMeanwhile);
        record(r(1, APPLIED), changed);
        record(q(1, APPLIED), createdMeanwhile);

        Instant now = Instant.now();
        Set<String> notWritten = recorder.write(List.of(
                recorder.decide(List.of(s(1, APPLIED).change().apply(changed, 1)), staleChanged, now),
                recorder.decide(List.of(r(1, APPLIED).change().apply(createdMeanwhile, 1)), staleNew, now),
                recorder.decide(List.of(s(1, APPLIED).change().apply(unchanged, 1)), readInBatch(unchanged), now),
                recorder.decide(List.of(q(1, APPLIED).change().apply(created, 1)), readInBatch(created), now)))
                .await().atMost(TIMEOUT);

        assertEquals(Set.of(changed.getRunId(), createdMeanwhile.getRunId()), notWritten);
        assertEquals(List.of(10, 11), StoredRuns.ranks(stored.find(changed)), "the stale write did not replace it");
        assertEquals(List.of(10), StoredRuns.ranks(stored.find(createdMeanwhile)), "the stale insert did not either");
        assertEquals(List.of(10, 19), StoredRuns.ranks(stored.find(unchanged)));
        assertEquals(List.of(10), StoredRuns.ranks(stored.find(created)));
        // Recorded again on its own, each change is decided on the stored document.
        record(s(1, APPLIED), changed);
        assertEquals(List.of(10, 11, 19), StoredRuns.ranks(stored.find(changed)));
    }

    @Test
    void aRunAnotherUpdaterChangedSinceThisOneWroteItIsReadAgainNotTakenFromMemory() {
        RunRef run = TestRuns.newRun();
        record(q(1, APPLIED), run);
        // Another updater instance records RUNNING: this one still remembers the QUEUED document it wrote.
        RunRecorder otherUpdater = new RunRecorder(runs, latency, new RecentRuns(100, Duration.ofMinutes(1)),
                new DocumentWrites(new SimpleMeterRegistry()));
        assertEquals(APPLIED, otherUpdater.record(r(1, APPLIED).change().apply(run, 1)).await().atMost(TIMEOUT));
        RunRecorder.Stored remembered = readInBatch(run);
        assertEquals(1, remembered.document().getInteger("version"));

        Set<String> notWritten = recorder.write(List.of(recorder.decide(
                List.of(s(1, APPLIED).change().apply(run, 1)), remembered, Instant.now()))).await().atMost(TIMEOUT);

        assertEquals(Set.of(run.getRunId()), notWritten, "the write from the remembered version lost the race");
        assertEquals(List.of(10, 11), StoredRuns.ranks(stored.find(run)));
        assertEquals(2, readInBatch(run).document().getInteger("version"), "and the run is read afresh next time");
    }

    private RunRecorder.Stored readInBatch(RunRef run) {
        Map<String, Document> read = recorder.read(List.of(run.getRunId(), TestRuns.newRun().getRunId()))
                .await().atMost(TIMEOUT);
        return new RunRecorder.Stored(read.get(run.getRunId()));
    }

    private void assertEndsAsTheRulesSay(RunRef run, List<Step> steps, List<Outcome> outcomes, String status, int rank,
                                         List<Integer> ranks) {
        assertEquals(steps.stream().map(Step::expected).toList(), outcomes, () -> "Steps: " + steps);
        Document document = stored.find(run);
        assertEquals(status, document.getString("status"));
        assertEquals(rank, document.getInteger("statusRank"));
        assertEquals(rank / 10, document.getInteger("attempts"));
        assertEquals(ranks, StoredRuns.ranks(document));
        assertNull(document.get("parked"), "nothing is left waiting");
    }

    @Test
    void aCancellationRequestForAnUnknownRunCreatesNothing() {
        RunRef run = TestRuns.newRun();

        assertEquals(UNCHANGED, record(new CancelRequest(run, Instant.now())));

        assertNull(stored.find(run));
    }

    @Test
    void eachDrivesLatencyIsMeasuredOnceFromItsLaunchHoweverOftenItsEventsArrive() {
        String action = "latency-" + (System.nanoTime() % 100_000);
        RunRef run = TestRuns.newRun("owner-1", "task-1", action);

        record(q(1, APPLIED), run);
        record(r(1, APPLIED), run);
        record(f(1, APPLIED), run);
        record(f(1, UNCHANGED), run);
        record(q(2, APPLIED), run);
        record(s(2, APPLIED), run);
        record(s(2, UNCHANGED), run);
        record(r(2, LATE), run);
        // The outcome first and its launch request after: measured when the launch is recorded.
        RunRef outcomeFirst = TestRuns.newRun("owner-1", "task-1", action);
        record(s(1, APPLIED), outcomeFirst);
        record(q(1, LATE), outcomeFirst);

        Timer failed = latency(action, "FAILED");
        Timer succeeded = latency(action, "SUCCEEDED");
        assertEquals(1, failed.count());
        assertEquals(9, failed.totalTime(TimeUnit.SECONDS), 0.001, "from the launch (10 s) to FAILED (19 s)");
        assertEquals(2, succeeded.count());
        assertEquals(18, succeeded.totalTime(TimeUnit.SECONDS), 0.001, "re-drive 20 s to 29 s, launch 10 s to 19 s");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("conveyor_run_latency_seconds_bucket{action=\"" + action + "\",application=\"task-updater\",status=\"SUCCEEDED\",le=\"30.0\"} 2"))
                .body(containsString("conveyor_run_latency_seconds_bucket{action=\"" + action + "\",application=\"task-updater\",status=\"SUCCEEDED\",le=\"5.0\"} 0"));
    }

    @Test
    void eachDocumentWriteIsCountedOnceWhateverTheNumberOfChangesItRecords() {
        RunRef run = TestRuns.newRun();
        // A registry of its own: the application's counters also count what its consumers write meanwhile.
        MeterRegistry counted = new SimpleMeterRegistry();
        RunRecorder counting = new RunRecorder(runs, latency, new RecentRuns(100, Duration.ofMinutes(1)),
                new DocumentWrites(counted));

        List<RunChange> together = Stream.of(q(1, APPLIED), r(1, APPLIED))
                .map(step -> step.change().apply(run, step.attempt())).toList();
        counting.write(List.of(counting.decide(together, readInBatch(run), Instant.now()))).await().atMost(TIMEOUT);
        assertEquals(APPLIED, counting.record(s(1, APPLIED).change().apply(run, 1)).await().atMost(TIMEOUT));
        assertEquals(UNCHANGED, counting.record(s(1, UNCHANGED).change().apply(run, 1)).await().atMost(TIMEOUT));

        assertEquals(1, written(counted, "insert"), "QUEUED and RUNNING created the run in one insert");
        assertEquals(1, written(counted, "replace"), "SUCCEEDED replaced it; the repeated SUCCEEDED wrote nothing");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString(
                        "conveyor_updater_documents_written_total{application=\"task-updater\",write=\"insert\"}"));
    }

    private static double written(MeterRegistry registry, String write) {
        return registry.find("conveyor.updater.documents.written").tag("write", write).counter().count();
    }

    private Timer latency(String action, String status) {
        return registry.find("conveyor.run.latency").tags("action", action, "status", status).timer();
    }

    private void record(Step step, RunRef run) {
        assertEquals(step.expected(), record(step.change().apply(run, step.attempt())), step::toString);
    }

    private static Arguments row(String description, List<Step> steps, String status, int rank, List<Integer> ranks) {
        return Arguments.of(description, steps, status, rank, ranks);
    }

    private static Step q(int attempt, Outcome expected) {
        return new Step("Q", (run, n) -> {
            Instant at = at(n * 10);
            return new RunEvent(run, RunStatus.QUEUED, n, at, null, null,
                    new RunEvent.Launch(TestRuns.INPUT_JSON, Priority.LOW, n + 2, at, null), null, null);
        }, attempt, expected);
    }

    private static Step r(int attempt, Outcome expected) {
        return status("R", RunStatus.RUNNING, attempt, expected);
    }

    private static Step retrying(int attempt, Outcome expected) {
        return status("RETRYING", RunStatus.RETRYING, attempt, expected);
    }

    private static Step s(int attempt, Outcome expected) {
        return status("S", RunStatus.SUCCEEDED, attempt, expected);
    }

    private static Step f(int attempt, Outcome expected) {
        return status("F", RunStatus.FAILED, attempt, expected);
    }

    private static Step d(int attempt, Outcome expected) {
        return status("D", RunStatus.DEAD, attempt, expected);
    }

    private static Step c(int attempt, Outcome expected) {
        return status("C", RunStatus.CANCELLED, attempt, expected);
    }

    private static Step cancel(Outcome expected) {
        return new Step("cancel-request", (run, n) -> new CancelRequest(run, at(8)), 0, expected);
    }

    private static Step status(String name, RunStatus status, int attempt, Outcome expected) {
        return new Step(name, (run, n) -> new RunEvent(run, status, n, at(Ranks.of(status, n)), "worker-" + n,
                status == RunStatus.RETRYING ? TestRuns.TIMEOUT : null, null,
                status == RunStatus.SUCCEEDED ? TestRuns.RESULT_JSON : null, null), attempt, expected);
    }

    private static Instant at(int second) {
        return Instant.ofEpochSecond(TestRuns.at(second).getSeconds());
    }

    private Outcome record(RunChange change) {
        return recorder.record(change).await().atMost(TIMEOUT);
    }
}
