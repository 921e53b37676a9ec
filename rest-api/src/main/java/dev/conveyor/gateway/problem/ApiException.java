package dev.conveyor.gateway.problem;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A failure the client caused or must know about. Thrown (or failed in a Uni) by the business services and
 * rendered by the REST mapper as problem+json and by the gRPC layer as a status, so both report it alike.
 */
public class ApiException extends RuntimeException {

    private final ProblemKind kind;
    private final List<Violation> violations;

    public ApiException(ProblemKind kind, String detail) {
        this(kind, detail, List.of());
    }

    public ApiException(ProblemKind kind, String detail, List<Violation> violations) {
        super(detail, null, false, false);
        this.kind = kind;
        this.violations = List.copyOf(violations);
    }

    public static ApiException invalid(List<Violation> violations) {
        String detail = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        return new ApiException(ProblemKind.VALIDATION, detail, violations);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new Violation(field, message)));
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(ProblemKind.NOT_FOUND, what + " " + id + " does not exist");
    }

    public ProblemKind kind() {
        return kind;
    }

    public String detail() {
        return getMessage();
    }

    public List<Violation> violations() {
        return violations;
    }
}
