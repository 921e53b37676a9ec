package dev.conveyor.gateway.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import java.net.ConnectException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

/** Failures seen while PostgreSQL was killed under load (the fault drills), and one that is a real bug. */
class FailuresTest {

    @Test
    void aConnectionLostMidTransactionIsUnavailableNotAServerError() {
        Throwable lost = new CompositeException(
                new HibernateException("Failed to start a transaction",
                        new VertxException("Connection is not active now, current status: CLOSED", true)),
                new VertxException("Failed to read any response from the server, the underlying connection may "
                        + "have been lost unexpectedly.", true));
        assertEquals(ProblemKind.UNAVAILABLE, Failures.toApi(lost).orElseThrow().kind());
    }

    @Test
    void aRefusedConnectionIsUnavailable() {
        Throwable refused = new RuntimeException(new ConnectException("Connection refused: /127.0.0.1:5432"));
        assertEquals(ProblemKind.UNAVAILABLE, Failures.toApi(refused).orElseThrow().kind());
    }

    @Test
    void anythingElseStaysUnexpected() {
        assertTrue(Failures.toApi(new IllegalStateException("a bug")).isEmpty());
    }
}
