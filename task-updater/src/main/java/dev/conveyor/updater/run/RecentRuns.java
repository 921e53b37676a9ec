package dev.conveyor.updater.run;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The documents this updater wrote last, so that a group does not read back what it just wrote: a run's QUEUED,
 * RUNNING and SUCCEEDED usually arrive in different groups, and each group read its runs with one query. Only a
 * hint: every write stays conditional on the version it was decided from, so a document another updater changed
 * meanwhile fails its write, is forgotten here, and is recorded again from a fresh read. Documents are never
 * modified once built (the state machine copies before it changes one), so the remembered one is what was written.
 */
@ApplicationScoped
public class RecentRuns {

    private final Cache<String, Document> written;

    RecentRuns(@ConfigProperty(name = "conveyor.updater.recent-runs") long size,
               @ConfigProperty(name = "conveyor.updater.recent-runs-ttl") Duration ttl) {
        this.written = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
    }

    /** The document last written for the run, or {@code null}. */
    Document get(String runId) {
        return written.getIfPresent(runId);
    }

    /** Remembers a written document, unless a later version of the run was remembered meanwhile. */
    void written(Document document) {
        written.asMap().merge(document.getString(RunFields.ID), document,
                (known, next) -> version(next) >= version(known) ? next : known);
    }

    /** Forgets the run: its stored document is not known any more (a write failed or lost a race). */
    void forget(String runId) {
        written.invalidate(runId);
    }

    private static int version(Document document) {
        Integer version = document.getInteger(RunFields.VERSION);
        return version == null ? 0 : version;
    }
}
