package dev.conveyor.updater.run;

/** What recording one change did to its run (the {@code outcome} of {@code conveyor_updater_events_total}). */
public enum Outcome {
    /** The run moved to the change's status. */
    APPLIED,
    /** The event's transition joined the run's history, but the run had already moved past it (events arrive out of order). */
    LATE,
    /** The event belongs to a re-drive whose request has not been recorded yet: it waits, and applies when the request comes. */
    PARKED,
    /** Nothing changed: a redelivery, a second outcome of an attempt, an event after the run ended, a cancellation too late. */
    UNCHANGED
}
