package dev.conveyor.updater.run;

import dev.conveyor.proto.Priority;
import dev.conveyor.proto.RunRef;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.updater.run.RunEvent.Launch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.function.Predicate;
import org.bson.Document;

/**
 * A run document being changed by {@link RunStateMachine}: a copy of the document as read, with the edits the state
 * machine makes to it. Knows the document's layout, not the rules.
 */
final class RunDraft {

    /** The rank of a run that has no status yet. */
    private static final int NO_RANK = -1;

    private final Document document;

    private RunDraft(Document document) {
        this.document = document;
    }

    /** A run nothing is known of yet but its identity: the first event's time stands in for its creation. */
    static RunDraft create(RunRef run, Instant firstEventAt) {
        return new RunDraft(new Document(RunFields.ID, run.getRunId())
                .append(RunFields.TASK_ID, run.getTaskId())
                .append(RunFields.OWNER_ID, run.getOwnerId())
                .append(RunFields.ACTION, run.getAction())
                .append(RunFields.CREATED_AT, Date.from(firstEventAt))
                .append(RunFields.TRANSITIONS, List.of()));
    }

    /** A copy to edit: the lists edited are replaced, never changed in place, so {@code read} stays as it was. */
    static RunDraft of(Document read) {
        return new RunDraft(new Document(read));
    }

    Document document() {
        return document;
    }

    int rank() {
        return document.getInteger(RunFields.STATUS_RANK, NO_RANK);
    }

    RunStatus status() {
        String status = document.getString(RunFields.STATUS);
        return status == null ? null : RunStatus.valueOf(status);
    }

    boolean isTerminal() {
        return status() != null && Ranks.isTerminal(status());
    }

    int attempts() {
        return document.getInteger(RunFields.ATTEMPTS, 1);
    }

    String action() {
        return document.getString(RunFields.ACTION);
    }

    boolean hasTransition(int rank) {
        return transitions().stream().anyMatch(withRank(rank));
    }

    /** Whether the attempt's outcome (RETRYING or terminal, phases 5 and 9) is recorded. */
    boolean hasOutcome(int attempt) {
        return transitions().stream().anyMatch(t -> {
            Integer rank = t.getInteger(RunFields.Transition.RANK);
            return rank != null && rank / 10 == attempt && rank % 10 >= 5;
        });
    }

    boolean hasParked(int rank) {
        return parked().stream().anyMatch(withRank(rank));
    }

    /** Whether a launch (or re-drive) request of the run is recorded: a QUEUED transition. */
    boolean hasLaunch() {
        return transitions().stream().anyMatch(t -> RunStatus.QUEUED.name().equals(t.getString(RunFields.Transition.STATUS)));
    }

    Instant launchedAt() {
        return instant(RunFields.LAUNCHED_AT);
    }

    Instant finishedAt() {
        return instant(RunFields.FINISHED_AT);
    }

    /** Moves the run to the event's status and records its transition. */
    void apply(RunEvent event) {
        document.put(RunFields.STATUS, event.status().name());
        document.put(RunFields.STATUS_RANK, event.rank());
        document.put(RunFields.ATTEMPTS, event.attempt());
        if (event.workerId() != null) {
            document.put(RunFields.WORKER_ID, event.workerId());
        }
        // The run's error is the one that explains its current status: a new attempt or a success clears it.
        putOrRemove(RunFields.ERROR, event.error() == null ? null : StoredErrors.toStored(event.error()));
        if (event.status() == RunStatus.QUEUED) {
            // A re-drive starts the run over.
            document.remove(RunFields.FINISHED_AT);
            document.remove(RunFields.RESULT);
        }
        if (Ranks.isTerminal(event.status())) {
            document.put(RunFields.FINISHED_AT, Date.from(event.at()));
        }
        if (event.resultJson() != null) {
            document.put(RunFields.RESULT, JsonValues.toStored(event.resultJson()));
        }
        addTransition(event);
    }

    /**
     * Records the event's transition and what it tells about the run (its launch, its times) without moving the
     * run's status: for an event that arrived after the run had moved past it.
     */
    void addTransition(RunEvent event) {
        List<Document> transitions = new ArrayList<>(transitions());
        transitions.add(transition(event));
        document.put(RunFields.TRANSITIONS, transitions);
        if (event.launch() != null) {
            recordLaunch(event.attempt(), event.launch(), event.at());
        }
        recordTimes(event);
    }

    /** Keeps an event that belongs to a re-drive whose request has not arrived yet. */
    void park(RunEvent event) {
        Document parked = transition(event);
        if (event.resultJson() != null) {
            parked.append(RunFields.Transition.RESULT, event.resultJson());
        }
        if (event.startedAt() != null) {
            parked.append(RunFields.Transition.STARTED_AT, Date.from(event.startedAt()));
        }
        List<Document> all = new ArrayList<>(parked());
        all.add(parked);
        document.put(RunFields.PARKED, all);
    }

    /**
     * Takes every parked event out; returns those of {@code attempt} and later, in rank order. Earlier ones
     * belonged to no drive that can still come (strays of a duplicated attempt) and are dropped.
     */
    List<RunEvent> unpark(int attempt) {
        List<Document> parked = parked();
        document.remove(RunFields.PARKED);
        RunRef run = RunRef.newBuilder().setRunId(document.getString(RunFields.ID))
                .setTaskId(document.getString(RunFields.TASK_ID))
                .setOwnerId(document.getString(RunFields.OWNER_ID))
                .setAction(document.getString(RunFields.ACTION))
                .build();
        return parked.stream()
                .filter(p -> p.getInteger(RunFields.Transition.ATTEMPT) >= attempt)
                .sorted(Comparator.comparing(p -> p.getInteger(RunFields.Transition.RANK)))
                .map(p -> parkedEvent(run, p))
                .toList();
    }

    /** Marks the draft as the next version of the run, written at {@code now}. */
    void written(Instant now) {
        Integer version = document.getInteger(RunFields.VERSION);
        document.put(RunFields.VERSION, version == null ? 1 : version + 1);
        document.put(RunFields.UPDATED_AT, Date.from(now));
    }

    /**
     * Only the latest drive's request describes the run (a re-drive raises max attempts and has a trace of its own),
     * and only the first one says when the run was created; so any order of the requests ends the same.
     */
    private void recordLaunch(int attempt, Launch launch, Instant at) {
        List<Integer> queued = transitions().stream()
                .filter(t -> RunStatus.QUEUED.name().equals(t.getString(RunFields.Transition.STATUS)))
                .map(t -> t.getInteger(RunFields.Transition.ATTEMPT))
                .toList();
        if (attempt >= queued.stream().mapToInt(Integer::intValue).max().orElse(attempt)) {
            Object input = JsonValues.toStored(launch.inputJson());
            if (input != null) {
                document.put(RunFields.INPUT, input);
            }
            if (launch.priority() != Priority.PRIORITY_UNSPECIFIED && launch.priority() != Priority.UNRECOGNIZED) {
                document.put(RunFields.PRIORITY, launch.priority().name());
            }
            if (launch.maxAttempts() > 0) {
                document.put(RunFields.MAX_ATTEMPTS, launch.maxAttempts());
            }
            if (launch.traceId() != null) {
                document.put(RunFields.TRACE_ID, launch.traceId());
            }
            document.put(RunFields.LAUNCHED_AT, Date.from(launch.createdAt() != null ? launch.createdAt() : at));
        }
        if (launch.createdAt() != null && attempt <= queued.stream().mapToInt(Integer::intValue).min().orElse(attempt)) {
            document.put(RunFields.CREATED_AT, Date.from(launch.createdAt()));
        }
    }

    /**
     * When the latest attempt was queued and started: the maximum over the events rather than set by the status,
     * so that the times do not depend on the order the events arrive in.
     */
    private void recordTimes(RunEvent event) {
        switch (event.status()) {
            case QUEUED -> putLatest(RunFields.QUEUED_AT, event.at());
            case RUNNING -> putLatest(RunFields.STARTED_AT, event.at());
            default -> {
                if (event.startedAt() != null) {
                    putLatest(RunFields.STARTED_AT, event.startedAt());
                }
            }
        }
    }

    private void putLatest(String field, Instant at) {
        Instant current = instant(field);
        if (current == null || at.isAfter(current)) {
            document.put(field, Date.from(at));
        }
    }

    private void putOrRemove(String field, Object value) {
        if (value == null) {
            document.remove(field);
        } else {
            document.put(field, value);
        }
    }

    private Instant instant(String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private List<Document> transitions() {
        return document.getList(RunFields.TRANSITIONS, Document.class, List.of());
    }

    private List<Document> parked() {
        return document.getList(RunFields.PARKED, Document.class, List.of());
    }

    private static Predicate<Document> withRank(int rank) {
        return transition -> transition.getInteger(RunFields.Transition.RANK) == rank;
    }

    private static Document transition(RunEvent event) {
        Document transition = new Document(RunFields.Transition.STATUS, event.status().name())
                .append(RunFields.Transition.ATTEMPT, event.attempt())
                .append(RunFields.Transition.RANK, event.rank())
                .append(RunFields.Transition.AT, Date.from(event.at()));
        if (event.workerId() != null) {
            transition.append(RunFields.Transition.WORKER_ID, event.workerId());
        }
        if (event.error() != null) {
            transition.append(RunFields.Transition.ERROR, StoredErrors.toStored(event.error()));
        }
        return transition;
    }

    private static RunEvent parkedEvent(RunRef run, Document parked) {
        Document error = parked.get(RunFields.Transition.ERROR, Document.class);
        Date startedAt = parked.getDate(RunFields.Transition.STARTED_AT);
        return new RunEvent(run, RunStatus.valueOf(parked.getString(RunFields.Transition.STATUS)),
                parked.getInteger(RunFields.Transition.ATTEMPT), parked.getDate(RunFields.Transition.AT).toInstant(),
                parked.getString(RunFields.Transition.WORKER_ID), error == null ? null : StoredErrors.fromStored(error), null,
                parked.getString(RunFields.Transition.RESULT), startedAt == null ? null : startedAt.toInstant());
    }
}
