package dev.conveyor.gateway.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import jakarta.validation.ConstraintViolationException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
            default -> isDatabaseUnreachable(failure)
                    ? new ApiException(ProblemKind.UNAVAILABLE,
                            "The database is unreachable or too busy to answer. Retry in a few seconds; a launch "
                                    + "retried with the same Idempotency-Key is never created twice")
                    : null;
        });
    }

    /**
     * A lost or refused connection to PostgreSQL, or a server that is starting or shutting down, anywhere in the
     * cause chain (Hibernate Reactive and Mutiny wrap it, a failed rollback adds a second cause). Any I/O failure
     * counts: the database is the only network peer a request waits on (the history service's failures are
     * translated where it is called), and a killed server shows as a reset, refused or closed socket. A connection
     * lost during COMMIT leaves the outcome unknown, hence the advice to retry idempotently.
     */
    private static boolean isDatabaseUnreachable(Throwable failure) {
        Deque<Throwable> pending = new ArrayDeque<>(List.of(failure));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            Throwable current = pending.pop();
            if (!seen.add(current)) {
                continue;
            }
            if (current instanceof IOException || current instanceof ClosedConnectionException
                    || isLostConnection(current.getMessage())
                    || current instanceof DatabaseException database && isServerUnavailable(database.getSqlState())) {
                return true;
            }
            if (current instanceof CompositeException composite) {
                pending.addAll(composite.getCauses());
            }
            if (current.getCause() != null) {
                pending.push(current.getCause());
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01–57P03 (shutting down, crashed, starting up) and 53300 (too many
     * connections): the server cannot take the statement now, through no fault of the request.
     */
    private static boolean isServerUnavailable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P")
                || sqlState.equals("53300"));
    }

    /**
     * The Vert.x SQL client reports some failures only through their message: a connection that died mid-transaction
     * (with a statement in flight, or still queued to be sent), and a pool that could not hand out a connection in
     * time because none could be opened.
     */
    private static boolean isLostConnection(String message) {
        return message != null && (message.startsWith("Connection is not active now")
                || message.startsWith("Failed to read any response from the server")
                || message.startsWith("Pending requests failed to be sent due to connection has been closed")
                || message.startsWith("Timeout waiting for connection"));
    }
}
