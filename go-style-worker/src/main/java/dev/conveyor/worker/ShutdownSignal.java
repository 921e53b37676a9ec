package dev.conveyor.worker;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicBoolean;

/** Raised once the worker starts shutting down: no new attempt starts, and failed publishes are no longer retried. */
@ApplicationScoped
public class ShutdownSignal {

    private final AtomicBoolean raised = new AtomicBoolean();

    public void raise() {
        raised.set(true);
    }

    public boolean raised() {
        return raised.get();
    }
}
