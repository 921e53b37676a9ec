package dev.conveyor.updater.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.conveyor.proto.Priority;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Transition;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class RunMapperTest {

    @Test
    void transitionsAreListedByRankThenTimeWhateverOrderTheyWereStoredIn() {
        Document run = new Document("_id", "r1").append("transitions", List.of(
                transition("SUCCEEDED", 1, 1_000_000, 5),
                transition("RUNNING", 1, 11, 9),
                transition("QUEUED", 1, 10, 1)));

        List<RunStatus> statuses = RunMapper.toRun(run).getTransitionsList().stream().map(Transition::getStatus).toList();

        assertEquals(List.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.SUCCEEDED), statuses);
    }

    @Test
    void everyStoredFieldIsMapped() {
        Document document = new Document("_id", "r1").append("taskId", "t1").append("ownerId", "o1").append("action", "sum")
                .append("input", Document.parse("{\"numbers\": [1, 2]}")).append("priority", "HIGH")
                .append("status", "FAILED").append("attempts", 2).append("maxAttempts", 3)
                .append("error", new Document("code", "BOOM").append("message", "it broke").append("retryable", false))
                .append("workerId", "w1").append("traceId", "abc")
                .append("createdAt", new Date(1_000)).append("queuedAt", new Date(2_000))
                .append("startedAt", new Date(3_000)).append("finishedAt", new Date(4_500));

        Run run = RunMapper.toRun(document);

        assertEquals("{\"numbers\": [1, 2]}", run.getInputJson());
        assertEquals(Priority.HIGH, run.getPriority());
        assertEquals(RunStatus.FAILED, run.getStatus());
        assertEquals(2, run.getAttempts());
        assertEquals(3, run.getMaxAttempts());
        assertEquals("BOOM", run.getError().getCode());
        assertEquals("it broke", run.getError().getMessage());
        assertEquals("w1", run.getWorkerId());
        assertEquals("abc", run.getTraceId());
        assertEquals(1, run.getCreatedAt().getSeconds());
        assertEquals(4, run.getFinishedAt().getSeconds());
        assertEquals(500_000_000, run.getFinishedAt().getNanos());
        assertEquals("", run.getResultJson());
    }

    @Test
    void aRunKnownOnlyByItsIdMapsToDefaults() {
        Run run = RunMapper.toRun(new Document("_id", "r1"));

        assertEquals(RunStatus.RUN_STATUS_UNSPECIFIED, run.getStatus());
        assertFalse(run.hasCreatedAt());
        assertFalse(run.hasError());
    }

    private static Document transition(String status, int attempt, int rank, long atSeconds) {
        return new Document("status", status).append("attempt", attempt).append("rank", rank)
                .append("at", new Date(atSeconds * 1000));
    }
}
