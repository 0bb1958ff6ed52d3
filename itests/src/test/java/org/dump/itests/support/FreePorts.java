package org.dump.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Free TCP ports on the loopback interface, asked from the operating system (port 0), so that the tests never use
 * the node's default ports (8181, 8101, 1099, 44444) and can run while a developer's node is up.
 */
public final class FreePorts {

    private static final Set<Integer> DEFAULT_PORTS = Set.of(8181, 8101, 1099, 44444);

    private FreePorts() {
    }

    /** @return {@code count} distinct ports that were free a moment ago */
    public static int[] pick(int count) {
        List<ServerSocket> open = new ArrayList<>();
        try {
            // Every socket stays open until all ports are picked, so the system cannot hand out one port twice.
            while (open.size() < count) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                if (DEFAULT_PORTS.contains(socket.getLocalPort())) {
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
                    // the port is what we wanted; the socket is gone either way
                }
            }
        }
    }
}
