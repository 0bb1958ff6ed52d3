package org.dump.itests.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A port on the loopback interface that answers every connection with a line of its own, as an SSH server does,
 * and counts the connections: what a node's request to it learns, and how often the node came.
 */
public final class BannerPort implements AutoCloseable {

    private final ServerSocket server;
    private final byte[] banner;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    public BannerPort(String banner) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.banner = (banner + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.acceptor = new Thread(this::accept, "banner port " + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the port's address as a node's base URL, e.g. {@code http://127.0.0.1:40123/} */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/";
    }

    /** @return how many connections were made to the port */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                connections.incrementAndGet();
                socket.getOutputStream().write(banner);
                socket.getOutputStream().flush();
                // Lets the client read the banner (and its request go unanswered) before the connection ends.
                socket.setSoTimeout(2000);
                drain(socket.getInputStream());
            } catch (IOException e) {
                // a closed server socket ends the loop; a client that went away is no matter
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // what the client asked is not answered
            }
        } catch (SocketTimeoutException e) {
            // enough waiting
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
