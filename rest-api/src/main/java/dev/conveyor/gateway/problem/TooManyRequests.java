package dev.conveyor.gateway.problem;

/** A 429: the client must wait; REST answers with Retry-After, gRPC says how long in the description. */
public class TooManyRequests extends ApiException {

    private final long retryAfterSeconds;

    public TooManyRequests(String detail, long retryAfterSeconds) {
        super(ProblemKind.TOO_MANY_REQUESTS, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
