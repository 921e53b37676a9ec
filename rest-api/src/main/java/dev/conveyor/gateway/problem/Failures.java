package dev.conveyor.gateway.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import java.util.Optional;

/** Translates the failures both APIs can meet into {@link ApiException}s; empty means "unexpected". */
public final class Failures {

    private Failures() {
    }

    public static Optional<ApiException> toApi(Throwable failure) {
        return Optional.ofNullable(switch (failure) {
            case ApiException api -> api;
            case AuthenticationFailedException e -> new ApiException(ProblemKind.UNAUTHENTICATED,
                    "The access token is invalid or expired: log in again at /api/login");
            case UnauthorizedException e -> new ApiException(ProblemKind.UNAUTHENTICATED,
                    "An access token is required: send 'Authorization: Bearer <token>' (get one at /api/login)");
            case ForbiddenException e -> new ApiException(ProblemKind.FORBIDDEN,
                    "Your role does not allow this operation");
            case ConstraintViolationException e -> ApiException.invalid(Validation.violations(e.getConstraintViolations()));
            default -> null;
        });
    }
}
