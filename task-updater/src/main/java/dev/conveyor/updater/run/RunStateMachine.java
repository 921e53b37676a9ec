package dev.conveyor.updater.run;

import dev.conveyor.proto.RunStatus;
import java.time.Duration;
import java.time.Instant;
import org.bson.Document;

/**
 * The rules of docs/RUN-SEMANTICS.md over one run document: given the document as read (or {@code null}) and a
 * change, the document to write. No I/O, so the same input always gives the same output.
 * <ul>
 * <li>An event applies (moves the run) when its rank is above the run's and the run is not terminal; a QUEUED
 * event (a re-drive) applies to a terminal run too.</li>
 * <li>An event below the run's rank whose rank is not recorded yet is late: its transition joins the history, the
 * run does not move. Each topic has its own consumer, so a RUNNING recorded after its run's SUCCEEDED is common,
 * and the history must not depend on it. A late terminal event never joins: it comes from an attempt executed twice,
 * and a drive ends once.</li>
 * <li>A completion that carries its attempt's start time records that attempt's RUNNING too, unless it is recorded
 * already: the RUNNING event, wherever it arrives, then changes nothing. One that carries its drive's request records
 * that request's QUEUED first, in the same way.</li>
 * <li>An event above a FAILED or DEAD run belongs to a re-drive whose request has not been recorded yet (it is on
 * another topic): it is parked, and applied in rank order when the re-drive's QUEUED arrives. Without that, the
 * re-drive's outcome could be lost and the run stay QUEUED for ever.</li>
 * <li>Anything else changes nothing: a duplicate, a second outcome of the same attempt (RETRYING or terminal, from
 * an attempt executed twice after its worker lost the lease), the events of a cancelled run's pending retry,
 * anything after SUCCEEDED.</li>
 * </ul>
 */
final class RunStateMachine {

    private RunStateMachine() {
    }

    static Change record(Document read, RunEvent event, Instant now) {
        RunDraft run = read == null ? RunDraft.create(event.run(), event.at()) : RunDraft.of(read);
        return change(read, run, record(run, event), now);
    }

    /** The updater cancels a QUEUED or RETRYING run itself; a RUNNING one ends with what its worker reports. */
    static Change cancel(Document read, CancelRequest request, Instant now) {
        if (read == null) {
            return Change.NONE;
        }
        RunDraft run = RunDraft.of(read);
        if (run.status() != RunStatus.QUEUED && run.status() != RunStatus.RETRYING) {
            return Change.NONE;
        }
        run.apply(new RunEvent(request.run(), RunStatus.CANCELLED, run.attempts(), request.at(),
                null, null, null, null, null));
        return change(read, run, Outcome.APPLIED, now);
    }

    private static Outcome record(RunDraft run, RunEvent event) {
        if (Ranks.isOutcome(event.status()) && run.hasOutcome(event.attempt())) {
            // The attempt ran twice (its worker lost the lease, the request was redelivered): the first outcome
            // recorded is the attempt's, whichever rank the second one has.
            return Outcome.UNCHANGED;
        }
        int rank = event.rank();
        if (rank > run.rank()) {
            recordImpliedRequest(run, event);
            if (!run.isTerminal() || event.status() == RunStatus.QUEUED) {
                recordImpliedStart(run, event);
                run.apply(event);
                if (event.status() == RunStatus.QUEUED) {
                    run.unpark(event.attempt()).forEach(parked -> record(run, parked));
                }
                return Outcome.APPLIED;
            }
            if ((run.status() == RunStatus.FAILED || run.status() == RunStatus.DEAD) && !run.hasParked(rank)) {
                run.park(event);
                return Outcome.PARKED;
            }
            return Outcome.UNCHANGED;
        }
        if (rank < run.rank() && !run.hasTransition(rank)) {
            if (Ranks.isTerminal(event.status())) {
                // An attempt executed again after a crash (its request redelivered) ended after the run had
                // moved on: its end is not the run's. A drive's real end is never late, since a re-drive is
                // accepted only once the gateway reads that end from the history.
                return Outcome.UNCHANGED;
            }
            run.addTransition(event);
            return Outcome.LATE;
        }
        return Outcome.UNCHANGED;
    }

    /**
     * A completion that carries its drive's request records that request's QUEUED first, exactly as the request's
     * own record would, unless it is recorded already: that record, consumed later, then changes nothing, so it
     * costs no write, and a re-drive's outcome reopens its run instead of being parked.
     */
    private static void recordImpliedRequest(RunDraft run, RunEvent event) {
        if (event.request() != null && !run.hasTransition(event.request().rank())) {
            record(run, event.request());
        }
    }

    /**
     * A completion that says when its attempt started implies that attempt's RUNNING, exactly as its worker reports
     * it (same time, same worker): recorded with the completion, it makes the RUNNING event a duplicate whenever that
     * arrives later, so it costs no write of its own, and the history is the same in every order.
     */
    private static void recordImpliedStart(RunDraft run, RunEvent event) {
        if (Ranks.isTerminal(event.status()) && event.startedAt() != null) {
            RunEvent start = new RunEvent(event.run(), RunStatus.RUNNING, event.attempt(), event.startedAt(),
                    event.workerId(), null, null, null, null);
            if (!run.hasTransition(start.rank())) {
                run.addTransition(start);
            }
        }
    }

    private static Change change(Document read, RunDraft run, Outcome outcome, Instant now) {
        if (outcome == Outcome.UNCHANGED) {
            return Change.NONE;
        }
        run.written(now);
        return new Change(outcome, run.document(), completed(read, run));
    }

    /**
     * A drive's latency is measured once: when the run first shows that drive ended and its launch is known. That is
     * usually when the outcome is applied, or when the launch request is recorded after the outcome.
     */
    private static Change.Completed completed(Document read, RunDraft run) {
        Integer before = read == null ? null : measuredDrive(RunDraft.of(read));
        Integer after = measuredDrive(run);
        if (after == null || after.equals(before) || run.launchedAt() == null) {
            return null;
        }
        Duration latency = Duration.between(run.launchedAt(), run.finishedAt());
        return new Change.Completed(run.action(), run.status().name(), latency.isNegative() ? Duration.ZERO : latency);
    }

    /** The rank that ended the run's current drive, if it ended and its launch is known; otherwise {@code null}. */
    private static Integer measuredDrive(RunDraft run) {
        return run.isTerminal() && run.hasLaunch() && run.finishedAt() != null ? run.rank() : null;
    }
}
