package dev.conveyor.updater.history;

import dev.conveyor.proto.Run;
import dev.conveyor.updater.run.Ranks;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Follows one run by reading it again every {@code conveyor.updater.watch-interval}: any updater instance may record
 * the run's changes (each consumes only some partitions), so the document is the one place that sees them all. Each
 * read is an {@code _id} lookup; the wait between reads is a timer, holding no thread.
 */
@ApplicationScoped
public class RunWatcher {

    private final Duration interval;
    private final Duration maxDuration;

    RunWatcher(@ConfigProperty(name = "conveyor.updater.watch-interval") Duration interval,
               @ConfigProperty(name = "conveyor.updater.watch-max-duration") Duration maxDuration) {
        this.interval = interval;
        this.maxDuration = maxDuration;
    }

    /**
     * The run now, then the run each time it differs from the last one sent, up to and including a terminal status.
     * A watch that reaches the maximum duration first just completes; the client watches again. A read's failure
     * (the run is not found, for one) ends the watch with it.
     */
    Multi<Run> watch(Supplier<Uni<? extends Run>> read) {
        return Multi.createBy().repeating().uni(read).withDelay(interval)
                .whilst(run -> !Ranks.isTerminal(run.getStatus()))
                .skip().repetitions()
                .select().first(maxDuration);
    }
}
