package dev.conveyor.updater.events;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * A channel's records delivered and not yet recorded. The channel may deliver its next batch while earlier ones are
 * still being recorded, up to a limit: so a batch whose QUEUED records wait for their runs' next events does not hold
 * back the batches behind it. The connector asks for the next batch when {@link #admit}'s answer completes.
 */
final class Backlog {

    private final int limit;
    private int unrecorded;
    private UniEmitter<? super Void> waiting;

    Backlog(int limit) {
        this.limit = limit;
    }

    /**
     * Counts a batch of {@code records} until {@code recording} ends; completes once fewer than the limit are
     * unrecorded. A channel delivers one batch at a time, so at most one admission waits.
     */
    Uni<Void> admit(int records, Uni<Void> recording) {
        synchronized (this) {
            unrecorded += records;
        }
        recording.subscribe().with(ignored -> release(records), failure -> release(records));
        return Uni.createFrom().emitter(admitted -> {
            synchronized (this) {
                if (unrecorded >= limit) {
                    waiting = admitted;
                    return;
                }
            }
            admitted.complete(null);
        });
    }

    private void release(int records) {
        UniEmitter<? super Void> admitted = null;
        synchronized (this) {
            unrecorded -= records;
            if (waiting != null && unrecorded < limit) {
                admitted = waiting;
                waiting = null;
            }
        }
        if (admitted != null) {
            admitted.complete(null);
        }
    }
}
