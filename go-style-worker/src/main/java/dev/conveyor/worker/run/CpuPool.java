package dev.conveyor.worker.run;

import dev.conveyor.worker.WorkerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Threads for CPU-bound actions, one per CPU by default: the event loop stays free for Kafka and HTTP, and more
 * threads than cores would only make every CPU-bound run slower. Extra work queues here.
 */
@ApplicationScoped
public class CpuPool implements Executor {

    private final ExecutorService threads;

    public CpuPool(WorkerConfig config) {
        int size = config.cpuThreads().orElse(Runtime.getRuntime().availableProcessors());
        threads = Executors.newFixedThreadPool(size, Thread.ofPlatform().name("cpu-action-", 0).daemon().factory());
    }

    @Override
    public void execute(Runnable command) {
        threads.execute(command);
    }

    @PreDestroy
    void close() {
        threads.shutdownNow();
    }
}
