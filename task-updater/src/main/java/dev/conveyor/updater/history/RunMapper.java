package dev.conveyor.updater.history;

import dev.conveyor.proto.Priority;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunError;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Transition;
import dev.conveyor.updater.run.JsonValues;
import dev.conveyor.updater.run.ProtoTimes;
import dev.conveyor.updater.run.RunFields;
import dev.conveyor.updater.run.StoredErrors;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;

/** Maps a run document to the contract's {@link Run}. Absent fields stay at their protobuf defaults. */
final class RunMapper {

    /** Rank first: arrival order means nothing, since events of a run may arrive in any order. */
    private static final Comparator<Document> TRANSITION_ORDER = Comparator
            .comparing((Document t) -> t.getInteger(RunFields.Transition.RANK, 0))
            .thenComparing(t -> t.getDate(RunFields.Transition.AT), Comparator.nullsFirst(Comparator.naturalOrder()));

    private RunMapper() {
    }

    static Run toRun(Document document) {
        Run.Builder run = Run.newBuilder()
                .setId(document.getString(RunFields.ID))
                .setInputJson(JsonValues.toJson(document.get(RunFields.INPUT)))
                .setResultJson(JsonValues.toJson(document.get(RunFields.RESULT)))
                .setPriority(priority(document.getString(RunFields.PRIORITY)))
                .setStatus(status(document.getString(RunFields.STATUS)))
                .setAttempts(document.getInteger(RunFields.ATTEMPTS, 0))
                .setMaxAttempts(document.getInteger(RunFields.MAX_ATTEMPTS, 0));
        ifString(document, RunFields.TASK_ID, run::setTaskId);
        ifString(document, RunFields.OWNER_ID, run::setOwnerId);
        ifString(document, RunFields.ACTION, run::setAction);
        ifString(document, RunFields.WORKER_ID, run::setWorkerId);
        ifString(document, RunFields.TRACE_ID, run::setTraceId);
        ifDate(document, RunFields.CREATED_AT, date -> run.setCreatedAt(ProtoTimes.toTimestamp(date)));
        ifDate(document, RunFields.QUEUED_AT, date -> run.setQueuedAt(ProtoTimes.toTimestamp(date)));
        ifDate(document, RunFields.STARTED_AT, date -> run.setStartedAt(ProtoTimes.toTimestamp(date)));
        ifDate(document, RunFields.FINISHED_AT, date -> run.setFinishedAt(ProtoTimes.toTimestamp(date)));
        ifError(document, RunFields.ERROR, run::setError);
        document.getList(RunFields.TRANSITIONS, Document.class, List.of()).stream()
                .sorted(TRANSITION_ORDER)
                .map(RunMapper::toTransition)
                .forEach(run::addTransitions);
        return run.build();
    }

    private static Transition toTransition(Document document) {
        Transition.Builder transition = Transition.newBuilder()
                .setStatus(status(document.getString(RunFields.Transition.STATUS)))
                .setAttempt(document.getInteger(RunFields.Transition.ATTEMPT, 0));
        ifDate(document, RunFields.Transition.AT, date -> transition.setAt(ProtoTimes.toTimestamp(date)));
        ifString(document, RunFields.Transition.WORKER_ID, transition::setWorkerId);
        ifError(document, RunFields.Transition.ERROR, transition::setError);
        return transition.build();
    }

    private static void ifError(Document document, String field, Consumer<RunError> setter) {
        Document error = document.get(field, Document.class);
        if (error != null) {
            setter.accept(StoredErrors.fromStored(error));
        }
    }

    private static void ifString(Document document, String field, Consumer<String> setter) {
        String value = document.getString(field);
        if (value != null) {
            setter.accept(value);
        }
    }

    private static void ifDate(Document document, String field, Consumer<Date> setter) {
        Date value = document.getDate(field);
        if (value != null) {
            setter.accept(value);
        }
    }

    private static RunStatus status(String name) {
        return name == null ? RunStatus.RUN_STATUS_UNSPECIFIED : RunStatus.valueOf(name);
    }

    private static Priority priority(String name) {
        return name == null ? Priority.PRIORITY_UNSPECIFIED : Priority.valueOf(name);
    }
}
