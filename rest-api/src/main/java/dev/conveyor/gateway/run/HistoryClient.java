package dev.conveyor.gateway.run;

import dev.conveyor.proto.GetRunRequest;
import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.MutinyHistoryServiceGrpc.MutinyHistoryServiceStub;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunPage;
import dev.conveyor.proto.Stats;
import dev.conveyor.proto.StatsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The updater's HistoryService across the network: bounded in time, retried only when the updater is
 * unreachable (UNAVAILABLE is safe to retry for these reads), and cut off by a circuit breaker while it is down so
 * callers fail fast. NOT_FOUND is an answer, not a failure: it comes back as a null item and never trips the
 * breaker.
 */
@ApplicationScoped
public class HistoryClient {

    private final MutinyHistoryServiceStub history;

    public HistoryClient(@GrpcClient("history") MutinyHistoryServiceStub history) {
        this.history = history;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @RetryWhen(exception = Unavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<Run> getRun(GetRunRequest request) {
        return history.getRun(request)
                .onFailure(HistoryClient::notFound).recoverWithNull();
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @RetryWhen(exception = Unavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<RunPage> listRuns(ListRunsRequest request) {
        return history.listRuns(request);
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @RetryWhen(exception = Unavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<Stats> getStats(StatsRequest request) {
        return history.getStats(request);
    }

    /**
     * The run now, then after every change, until it ends. A stream: the fault-tolerance strategies above take
     * single results, so the caller decides what to retry.
     */
    public Multi<Run> watchRun(GetRunRequest request) {
        return history.watchRun(request);
    }

    static boolean notFound(Throwable failure) {
        return failure instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.NOT_FOUND;
    }

    /** Retry only when the updater could not be reached. */
    public static final class Unavailable implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return failure instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.UNAVAILABLE;
        }
    }
}
