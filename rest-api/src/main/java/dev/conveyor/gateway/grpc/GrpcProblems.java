package dev.conveyor.gateway.grpc;

import dev.conveyor.gateway.problem.ApiException;
import dev.conveyor.gateway.problem.Failures;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Maps failures of the gRPC services to status codes with the same precise messages the REST API puts in its
 * problem details (INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, ALREADY_EXISTS, UNAVAILABLE).
 * Anything unexpected becomes INTERNAL with a logged reference, never a class name or stack trace.
 */
@ApplicationScoped
public class GrpcProblems implements ExceptionHandlerProvider {

    private static final Logger LOG = Logger.getLogger(GrpcProblems.class);

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
                                                                    ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata trailers) {
                if (alreadyClosed(failure)) {
                    LOG.debugf("A gRPC call ended twice: %s", failure.getMessage());
                    return;
                }
                serverCall.close(status(failure), trailers);
            }
        };
    }

    @Override
    public Throwable transform(Throwable failure) {
        return new StatusException(status(failure));
    }

    /**
     * The transport refused the request itself (a message over the size limit ends the call with RESOURCE_EXHAUSTED
     * before any service sees it), then grpc-java's unary listener, given no request, tried to end the call again.
     * The client has its answer; this is not a failure to report.
     */
    private static boolean alreadyClosed(Throwable failure) {
        return failure instanceof IllegalStateException && "Trailers already sent".equals(failure.getMessage());
    }

    static Status status(Throwable failure) {
        if (failure instanceof StatusException e) {
            return e.getStatus();
        }
        if (failure instanceof StatusRuntimeException e) {
            return e.getStatus();
        }
        return Failures.toApi(failure)
                .map(GrpcProblems::status)
                .orElseGet(() -> {
                    String reference = UUID.randomUUID().toString();
                    LOG.errorf(failure, "Unexpected failure in a gRPC call (reference %s)", reference);
                    return Status.INTERNAL.withDescription(
                            "The call failed unexpectedly; quote reference " + reference + " when reporting it");
                });
    }

    private static Status status(ApiException e) {
        return Status.fromCode(e.kind().grpcCode()).withDescription(e.detail());
    }
}
