package dev.conveyor.gateway.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
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
    void aConnectionResetByAKilledServerIsUnavailable() {
        assertEquals(ProblemKind.UNAVAILABLE,
                Failures.toApi(new SocketException("Connection reset")).orElseThrow().kind());
        assertEquals(ProblemKind.UNAVAILABLE, Failures.toApi(new HibernateException(
                new SocketException("Connection reset by peer: /127.0.0.1:5432"))).orElseThrow().kind());
    }

    @Test
    void aStatementQueuedOnAConnectionThatClosedIsUnavailable() {
        Throwable queued = new VertxException("Pending requests failed to be sent due to connection has been closed.",
                new IOException("Connection reset by peer"));
        assertEquals(ProblemKind.UNAVAILABLE, Failures.toApi(queued).orElseThrow().kind());
    }

    @Test
    void aPoolThatCannotOpenAConnectionInTimeIsUnavailable() {
        Throwable timedOut = new VertxException("Timeout waiting for connection", true);
        assertEquals(ProblemKind.UNAVAILABLE, Failures.toApi(timedOut).orElseThrow().kind());
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
