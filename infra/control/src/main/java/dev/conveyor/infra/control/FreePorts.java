package dev.conveyor.infra.control;

import dev.conveyor.infra.servers.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Free loopback ports, chosen by the launcher so a restarted server comes back on the same port. */
public final class FreePorts {

    public static int pick() {
        try {
            return LoopbackPorts.free();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FreePorts() {
    }
}
