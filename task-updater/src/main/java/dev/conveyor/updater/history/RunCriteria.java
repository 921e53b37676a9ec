package dev.conveyor.updater.history;

import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.updater.run.RunFields;
import io.grpc.StatusRuntimeException;
import org.bson.Document;
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

    /** Equality on each field set, as one document (implicit AND), so that an index on any of them can serve. */
    private static Bson filter(ListRunsRequest request) {
        Document filter = new Document();
        if (!request.getOwnerId().isEmpty()) {
            filter.append(RunFields.OWNER_ID, request.getOwnerId());
        }
        if (request.getStatus() != RunStatus.RUN_STATUS_UNSPECIFIED) {
            filter.append(RunFields.STATUS, request.getStatus().name());
        }
        if (!request.getTaskId().isEmpty()) {
            filter.append(RunFields.TASK_ID, request.getTaskId());
        }
        if (!request.getAction().isEmpty()) {
            filter.append(RunFields.ACTION, request.getAction());
        }
        return filter;
    }
}
