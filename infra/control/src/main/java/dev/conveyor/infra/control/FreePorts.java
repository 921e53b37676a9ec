package dev.conveyor.infra.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, chosen by the launcher so a restarted server comes back on the same port. They are picked
 * below Linux's default ephemeral range (32768-60999), where the OS never puts the local end of an outgoing
 * connection: a port asked of the OS (port 0) comes from that range, and a client connection could take it between
 * the pick and the server's bind, or while the server restarts after a kill.
 */
public final class FreePorts {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_767;
    private static final int ATTEMPTS = 500;
    /** Never the same port twice from one JVM, though the first server has not bound it yet. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    public static int pick() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST + 1);
            if (HANDED_OUT.add(port) && canBind(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("No free loopback port between " + FIRST + " and " + LAST));
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private FreePorts() {
    }
}
