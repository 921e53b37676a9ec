package dev.conveyor.updater.history;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The gRPC errors of the history service; a failed Uni carrying one becomes that status for the client. */
final class GrpcErrors {

    private GrpcErrors() {
    }

    static StatusRuntimeException invalidArgument(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }

    static StatusRuntimeException notFound(String description) {
        return Status.NOT_FOUND.withDescription(description).asRuntimeException();
    }
}
