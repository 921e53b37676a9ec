package dev.conveyor.gateway.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
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
    void aServerStillStartingUpIsUnavailable() {
        Throwable starting = new HibernateException(
                new PgException("the database system is starting up", "FATAL", "57P03", null));
        assertEquals(ProblemKind.UNAVAILABLE, Failures.toApi(starting).orElseThrow().kind());
    }

    @Test
    void anythingElseStaysUnexpected() {
        assertTrue(Failures.toApi(new IllegalStateException("a bug")).isEmpty());
        assertTrue(Failures.toApi(new PgException("syntax error at or near \"SELEC\"", "ERROR", "42601", null))
                .isEmpty());
    }
}
