package org.dump.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A POST over a plain socket that declares a large body and sends it a byte at a time (issue 22, item 4): what a
 * node answers, and when, compared with how much of the body it had been sent.
 */
public final class SlowRequest implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final ByteArrayOutputStream answer = new ByteArrayOutputStream();
    private final long contentLength;
    private long sent;

    /**
     * Opens a connection to {@code port} on the loopback interface and sends the request line, the headers (with
     * {@code Host: localhost:PORT}, as a peer signs it) and the first byte of the body.
     */
    public SlowRequest(int port, String path, Map<String, String> headers, long contentLength) throws IOException {
        this.contentLength = contentLength;
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        // A byte of body: Jetty hands a POST to a servlet only once some of its content is there.
        trickle();
    }

    /** Sends one more byte of the body (a space, which any JSON may have), unless the node closed the connection. */
    public void trickle() {
        try {
            out.write(' ');
            out.flush();
            sent++;
        } catch (IOException e) {
            // the node has answered and closed: nothing more to send
        }
    }

    /** @return the bytes of the body sent so far */
    public long sent() {
        return sent;
    }

    public long contentLength() {
        return contentLength;
    }

    /**
     * Waits up to {@code patience} for the node's status line, sending a byte of the body every {@code every}
     * meanwhile, as the attack does.
     *
     * @return the status line, e.g. {@code HTTP/1.1 401 Unauthorized}; empty if none came in time
     */
    public Optional<String> awaitStatus(Duration patience, Duration every) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Optional<String> status = statusLine();
            if (status.isPresent() || System.nanoTime() > deadline) {
                return status;
            }
            socket.setSoTimeout((int) Math.max(1, every.toMillis()));
            try {
                int b = in.read();
                if (b < 0) {
                    return statusLine();
                }
                answer.write(b);
                continue;
            } catch (SocketTimeoutException e) {
                trickle();
            }
        }
    }

    /** @return the status line if the node has sent it already (reads what has arrived, without waiting) */
    public Optional<String> statusLine() throws IOException {
        while (in.available() > 0) {
            answer.write(in.read());
        }
        String text = answer.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n");
        return end < 0 ? Optional.empty() : Optional.of(text.substring(0, end));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
