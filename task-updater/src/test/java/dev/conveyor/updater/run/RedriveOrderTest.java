package dev.conveyor.updater.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conveyor.proto.Priority;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.updater.Permutations;
import dev.conveyor.updater.TestRuns;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The state machine alone (no I/O): a run that failed and was re-driven ends in the same document whatever order
 * its six events are recorded in, since each topic has its own consumer. Only one constraint holds: the gateway
 * accepts a re-drive once it reads the run FAILED from the history, so FAILED is recorded before any event of the
 * re-drive. It holds too when the outcomes carry their requests (the first one found then reopens the run).
 * {@code RunStateMachineTest} checks the same for a retried run through MongoDB.
 */
class RedriveOrderTest {

    private static final RunRef RUN = TestRuns.newRun("owner-1", "task-1", "sum");
    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");

    @Test
    void everyOrderOfAFailedAndRedrivenRunsEventsEndsInTheSameDocument() {
        Document outcome = theOneOutcomeOfEveryOrder(false);

        assertEquals("SUCCEEDED", outcome.getString("status"));
        assertEquals(29, outcome.getInteger("statusRank"));
        assertEquals(5, outcome.getInteger("maxAttempts"), "the re-drive's request describes the run");
        assertEquals(List.of(10, 11, 19, 20, 21, 29),
                outcome.getList("transitions", Document.class).stream().map(t -> t.getInteger("rank")).toList());
    }

    /** Each outcome carries its drive's request, as a worker's does when it read the request from pending-tasks. */
    @Test
    void outcomesCarryingTheirRequestsEndInTheSameDocumentInEveryOrderToo() {
        assertEquals(theOneOutcomeOfEveryOrder(false), theOneOutcomeOfEveryOrder(true));
    }

    private static Document theOneOutcomeOfEveryOrder(boolean outcomesCarryRequests) {
        RunEvent failed = event(RunStatus.FAILED, 1, outcomesCarryRequests);
        List<RunEvent> redrive = List.of(queued(2), event(RunStatus.RUNNING, 2, false),
                event(RunStatus.SUCCEEDED, 2, outcomesCarryRequests));
        List<RunEvent> events = List.of(queued(1), event(RunStatus.RUNNING, 1, false), failed,
                redrive.get(0), redrive.get(1), redrive.get(2));
        List<List<RunEvent>> orders = Permutations.of(events).stream()
                .filter(order -> redrive.stream().allMatch(e -> order.indexOf(failed) < order.indexOf(e)))
                .toList();

        List<Document> outcomes = orders.stream().map(RedriveOrderTest::recordAll).distinct().toList();

        assertEquals(180, orders.size());
        assertEquals(1, outcomes.size(), () -> "Different outcomes: " + outcomes);
        return outcomes.getFirst();
    }

    /**
     * Records the events in order; returns what must not depend on the order: all but the version, which counts the
     * writes it took (a RUNNING consumed after its attempt's outcome takes none), with the transitions sorted by rank.
     */
    private static Document recordAll(List<RunEvent> order) {
        Document document = null;
        for (RunEvent event : order) {
            Change change = RunStateMachine.record(document, event, NOW);
            assertEquals(change.outcome() != Outcome.UNCHANGED, change.next() != null);
            if (change.next() != null) {
                document = change.next();
            }
        }
        Document comparable = new Document(document);
        comparable.remove("version");
        comparable.put("transitions", document.getList("transitions", Document.class).stream()
                .sorted(Comparator.comparing(t -> t.getInteger("rank"))).toList());
        return comparable;
    }

    private static RunEvent queued(int attempt) {
        Instant at = at(attempt * 10);
        return new RunEvent(RUN, RunStatus.QUEUED, attempt, at, null, null,
                new RunEvent.Launch(TestRuns.INPUT_JSON, Priority.LOW, attempt * 2 + 1, at, "trace-" + attempt),
                null, null);
    }

    private static RunEvent event(RunStatus status, int attempt, boolean carriesRequest) {
        return new RunEvent(RUN, status, attempt, at(Ranks.of(status, attempt)), "worker-" + attempt,
                status == RunStatus.FAILED ? TestRuns.BROKEN : null, null,
                status == RunStatus.SUCCEEDED ? TestRuns.RESULT_JSON : null,
                Ranks.isTerminal(status) ? at(attempt * 10 + 1) : null, carriesRequest ? queued(attempt) : null);
    }

    private static Instant at(int second) {
        return Instant.ofEpochSecond(TestRuns.at(second).getSeconds());
    }
}
