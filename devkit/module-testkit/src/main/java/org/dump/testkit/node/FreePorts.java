package org.dump.testkit.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on the loopback interface for a node under test, never the node's default ones, so that a test runs
 * beside a developer's own node. A port handed out once is never handed out again by this JVM: a node binds its
 * ports seconds after they were picked, and two nodes of one test must not get the same one.
 */
final class FreePorts {

    private static final Set<Integer> DEFAULT_PORTS = Set.of(8181, 8101, 1099, 44444);
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** @return {@code count} distinct ports that were free a moment ago */
    static int[] pick(int count) {
        List<ServerSocket> open = new ArrayList<>();
        try {
            // All sockets stay open until every port is picked, so the system cannot hand out one port twice.
            while (open.size() < count) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                if (DEFAULT_PORTS.contains(socket.getLocalPort()) || !HANDED_OUT.add(socket.getLocalPort())) {
                    socket.close();
                } else {
                    open.add(socket);
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
                    // the port number is what was wanted
                }
            }
        }
    }
}
