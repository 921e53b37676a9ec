package dev.conveyor.worker;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/** This worker's id, fixed for the life of the process, so every event it publishes names the same worker. */
@ApplicationScoped
public class WorkerIdentity {

    private final String id;

    public WorkerIdentity(WorkerConfig config) {
        this.id = config.id().orElseGet(WorkerIdentity::generated);
    }

    public String id() {
        return id;
    }

    /** Hostname plus a short random suffix: two processes on one host (or a restarted pod) stay distinguishable. */
    static String generated() {
        return hostname() + "-" + "%06x".formatted(ThreadLocalRandom.current().nextInt(1 << 24));
    }

    private static String hostname() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
