package dev.conveyor.updater.history;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Filters;
import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.updater.run.RunFields;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import org.bson.conversions.Bson;

/** A validated {@link ListRunsRequest}: which runs, and which page of them. */
record RunCriteria(Bson filter, int page, int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    /** @throws StatusRuntimeException INVALID_ARGUMENT, saying which field is wrong */
    static RunCriteria of(ListRunsRequest request) {
        if (request.getPage() < 0) {
            throw GrpcErrors.invalidArgument("page must be 0 or more, got " + request.getPage());
        }
        int size = request.getSize() == 0 ? DEFAULT_SIZE : request.getSize();
        if (size < 1 || size > MAX_SIZE) {
            throw GrpcErrors.invalidArgument("size must be between 1 and " + MAX_SIZE + ", got " + request.getSize());
        }
        if ((long) request.getPage() * size > Integer.MAX_VALUE) {
            throw GrpcErrors.invalidArgument("page " + request.getPage() + " is beyond the last possible page");
        }
        if (request.getStatus() == RunStatus.UNRECOGNIZED) {
            throw GrpcErrors.invalidArgument("unknown status " + request.getStatusValue());
        }
        return new RunCriteria(filter(request), request.getPage(), size);
    }

    int skip() {
        return page * size;
    }

    private static Bson filter(ListRunsRequest request) {
        List<Bson> conditions = new ArrayList<>();
        if (!request.getOwnerId().isEmpty()) {
            conditions.add(eq(RunFields.OWNER_ID, request.getOwnerId()));
        }
        if (request.getStatus() != RunStatus.RUN_STATUS_UNSPECIFIED) {
            conditions.add(eq(RunFields.STATUS, request.getStatus().name()));
        }
        if (!request.getTaskId().isEmpty()) {
            conditions.add(eq(RunFields.TASK_ID, request.getTaskId()));
        }
        if (!request.getAction().isEmpty()) {
            conditions.add(eq(RunFields.ACTION, request.getAction()));
        }
        return conditions.isEmpty() ? Filters.empty() : and(conditions);
    }
}
