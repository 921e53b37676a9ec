package dev.conveyor.updater.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code conveyor_updater_documents_written_total{write}}: run documents written, {@code write} = insert (a new run)
 * or replace. Against {@code conveyor_updater_events_total} it tells how many events each write recorded: events of a
 * run consumed together are decided together and written once.
 */
@ApplicationScoped
public class DocumentWrites {

    private final Counter inserted;
    private final Counter replaced;

    DocumentWrites(MeterRegistry registry) {
        this.inserted = counter(registry, "insert");
        this.replaced = counter(registry, "replace");
    }

    void written(boolean created) {
        (created ? inserted : replaced).increment();
    }

    private static Counter counter(MeterRegistry registry, String write) {
        return Counter.builder("conveyor.updater.documents.written")
                .description("Run documents written to MongoDB")
                .tag("write", write)
                .register(registry);
    }
}
