package org.dump.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on the loopback interface, so that the tests never use the node's default ports (8181, 8101, 1099,
 * 44444) and can run while a developer's node is up. They are drawn below the system's range of ephemeral ports:
 * a port the system hands out for port 0 may be taken, before the node binds it, by an outgoing connection (the nodes
 * of a test talk to each other all the time), which once left a node without its SSH port.
 */
public final class FreePorts {

    private static final Set<Integer> DEFAULT_PORTS = Set.of(8181, 8101, 1099, 44444);
    private static final int LOWEST = 10_000;
    private static final Path EPHEMERAL = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /**
     * Every port this JVM has handed out: a port is free again once its socket here is closed, and nodes bind theirs
     * seconds later, so a second pick could hand out a port that an earlier node is about to bind. Nodes A and B of
     * one test once got the same SSH port: B's SSH server could not bind it, and the test's shell commands for B
     * went to A, whose SSH server refused B's password ("No more authentication methods available").
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** @return the first port of the system's ephemeral range (32768 where it cannot be read) */
    private static int firstEphemeral() {
        try {
            // Not Files.readString: on JDK 17 it read "3" from this /proc file (size 0), and every port came from the
            // ephemeral range.
            return Integer.parseInt(Files.readAllLines(EPHEMERAL).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /**
     * @return the part of [lowest, below) that this test JVM draws from: when failsafe runs several test classes at a
     *         time ({@code dump.itests.forks}), each JVM ({@code dump.itests.fork}, 1 …) has a block of its own, so
     *         that two JVMs never pick the same port in the seconds before a node binds it
     */
    static int[] block(int lowest, int below) {
        int forks = Integer.getInteger("dump.itests.forks", 1);
        int fork = Integer.getInteger("dump.itests.fork", 1);
        if (forks <= 1 || fork < 1 || fork > forks || below - lowest < forks * 1000) {
            return new int[] {lowest, below};
        }
        int size = (below - lowest) / forks;
        return new int[] {lowest + (fork - 1) * size, lowest + fork * size};
    }

    /** @return {@code count} distinct ports that were free a moment ago */
    public static int[] pick(int count) {
        List<ServerSocket> open = new ArrayList<>();
        try {
            // Every socket stays open until all ports are picked, so the system cannot hand out one port twice.
            int[] block = block(LOWEST, firstEphemeral());
            for (int tries = 0; open.size() < count; tries++) {
                int port = block[1] > block[0] + 1000 && tries < 1000
                        ? ThreadLocalRandom.current().nextInt(block[0], block[1]) : 0;
                if (DEFAULT_PORTS.contains(port) || port != 0 && HANDED_OUT.contains(port)) {
                    continue;
                }
                try {
                    ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                    open.add(socket);
                    if (!HANDED_OUT.add(socket.getLocalPort())) {
                        open.remove(socket); // a port the system chose (port 0) that this JVM handed out before
                        socket.close();
                    }
                } catch (BindException taken) {
                    // another draw
                }
            }
            return open.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        } finally {
            for (ServerSocket socket : open) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the port is what we wanted; the socket is gone either way
                }
            }
        }
    }
}
