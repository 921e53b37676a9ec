package dev.conveyor.updater.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.RunStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunCriteriaTest {

    @Test
    void anEmptyRequestIsTheFirstPageOfDefaultSizeOverAllRuns() {
        RunCriteria criteria = RunCriteria.of(ListRunsRequest.getDefaultInstance());

        assertEquals(0, criteria.page());
        assertEquals(RunCriteria.DEFAULT_SIZE, criteria.size());
        assertEquals(new BsonDocument(), criteria.filter().toBsonDocument());
    }

    @Test
    void everyFilterSetNarrowsTheQuery() {
        RunCriteria criteria = RunCriteria.of(ListRunsRequest.newBuilder().setOwnerId("o1").setStatus(RunStatus.DEAD)
                .setTaskId("t1").setAction("sum").setPage(3).setSize(10).build());

        assertEquals(BsonDocument.parse("{\"ownerId\": \"o1\", \"status\": \"DEAD\", \"taskId\": \"t1\", \"action\": \"sum\"}"),
                criteria.filter().toBsonDocument());
        assertEquals(30, criteria.skip());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101, 1000})
    void aSizeOutOfRangeIsAnInvalidArgument(int size) {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> RunCriteria.of(ListRunsRequest.newBuilder().setSize(size).build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().contains("size"));
    }

    @Test
    void aNegativePageOrOneBeyondAnyCollectionIsAnInvalidArgument() {
        assertThrows(StatusRuntimeException.class, () -> RunCriteria.of(ListRunsRequest.newBuilder().setPage(-1).build()));
        assertThrows(StatusRuntimeException.class,
                () -> RunCriteria.of(ListRunsRequest.newBuilder().setPage(Integer.MAX_VALUE).setSize(100).build()));
    }
}
