package dev.conveyor.gateway.problem;

import io.grpc.Status;

/** Every error the API reports on purpose, with its REST status, problem type slug and gRPC status. */
public enum ProblemKind {
    VALIDATION(400, "validation", "Invalid request", Status.Code.INVALID_ARGUMENT),
    MALFORMED_BODY(400, "malformed-body", "Malformed request body", Status.Code.INVALID_ARGUMENT),
    UNKNOWN_ACTION(400, "unknown-action", "Unknown action", Status.Code.INVALID_ARGUMENT),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication required", Status.Code.UNAUTHENTICATED),
    FORBIDDEN(403, "forbidden", "Forbidden", Status.Code.PERMISSION_DENIED),
    NOT_FOUND(404, "not-found", "Not found", Status.Code.NOT_FOUND),
    CONFLICT(409, "conflict", "Conflict", Status.Code.ALREADY_EXISTS),
    /** The run's status does not allow the operation (cancel a finished run, retry a running one). */
    RUN_STATE(409, "run-state", "Not allowed in the run's status", Status.Code.FAILED_PRECONDITION),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large", Status.Code.RESOURCE_EXHAUSTED),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Idempotency-Key reused", Status.Code.FAILED_PRECONDITION),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests", Status.Code.RESOURCE_EXHAUSTED),
    UNAVAILABLE(503, "unavailable", "Service unavailable", Status.Code.UNAVAILABLE);

    private final int httpStatus;
    private final String slug;
    private final String title;
    private final Status.Code grpcCode;

    ProblemKind(int httpStatus, String slug, String title, Status.Code grpcCode) {
        this.httpStatus = httpStatus;
        this.slug = slug;
        this.title = title;
        this.grpcCode = grpcCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String type() {
        return Problem.TYPE_PREFIX + slug;
    }

    public String title() {
        return title;
    }

    public Status.Code grpcCode() {
        return grpcCode;
    }
}
