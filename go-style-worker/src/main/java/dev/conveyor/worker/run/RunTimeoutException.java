package dev.conveyor.worker.run;

import java.time.Duration;

/** A run's action did not produce a result within the run's timeout. */
public class RunTimeoutException extends RuntimeException {

    public RunTimeoutException(Duration timeout) {
        super("No result within " + timeout.toMillis() + " ms");
    }
}
