package dev.conveyor.updater.run;

/** What recording one event did to its run. */
public enum Outcome {
    /** The event moved the run to its status. */
    APPLIED,
    /** The event was added to the run's history, but the run had already moved past it (events arrived out of order). */
    LATE,
    /** The run already had a transition of the event's rank (a redelivery, or a second terminal outcome): nothing changed. */
    UNCHANGED
}
