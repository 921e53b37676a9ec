package dev.conveyor.gateway.auth;

import dev.conveyor.gateway.problem.TooManyRequests;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits password guessing per email: at most {@code conveyor.login.max-failures} logins per window of
 * {@code conveyor.login.failure-window} may fail; beyond that, every login for the email is refused with a 429
 * until the window ends, even with the right password. Kept in PostgreSQL so every gateway instance counts alike.
 *
 * <p>An attempt is counted before the password is checked, in one atomic upsert, so concurrent guesses cannot
 * slip past the limit; a successful login forgets the count. Unknown emails are counted too, so the answer
 * reveals nothing about which accounts exist. Plain SQL on the reactive pool: no entity to manage.
 */
@ApplicationScoped
public class LoginThrottle {

    /** Opens a new window when the previous one is over; returns the attempts in the window and its seconds left. */
    private static final String COUNT = """
            INSERT INTO login_throttle AS t (email, window_start, attempts) VALUES ($1, now(), 1)
            ON CONFLICT (email) DO UPDATE SET
                window_start = CASE WHEN t.window_start <= now() - make_interval(secs => $2) THEN now() ELSE t.window_start END,
                attempts = CASE WHEN t.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE t.attempts + 1 END
            RETURNING attempts, ceil(extract(epoch FROM t.window_start + make_interval(secs => $2) - now()))""";
    private static final String FORGET = "DELETE FROM login_throttle WHERE email = $1";
    private static final String PURGE = "DELETE FROM login_throttle WHERE window_start <= now() - make_interval(secs => $1)";

    private final Pool pool;
    private final int maxFailures;
    private final Duration window;

    public LoginThrottle(Pool pool,
                         @ConfigProperty(name = "conveyor.login.max-failures") int maxFailures,
                         @ConfigProperty(name = "conveyor.login.failure-window") Duration window) {
        this.pool = pool;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** Counts an attempt for this (normalised) email, or fails with a 429 when its failures are used up. */
    public Uni<Void> attempt(String email) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(email, window.toSeconds()))
                .map(rows -> rows.iterator().next())
                .invoke(this::refuseOverLimit)
                .replaceWithVoid();
    }

    /** The password was right: the earlier failures no longer count. */
    public Uni<Void> succeeded(String email) {
        return pool.preparedQuery(FORGET).execute(Tuple.of(email)).replaceWithVoid();
    }

    @Scheduled(every = "${conveyor.login.purge-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purgeEndedWindows() {
        return pool.preparedQuery(PURGE).execute(Tuple.of(window.toSeconds())).replaceWithVoid();
    }

    private void refuseOverLimit(Row counted) {
        // This attempt is counted too: the one after maxFailures failures is the first refused.
        if (counted.getInteger(0) > maxFailures) {
            long retryAfter = Math.max(1, counted.getLong(1));
            throw new TooManyRequests("Too many failed logins for this email: try again in " + retryAfter
                    + " seconds", retryAfter);
        }
    }
}
