package org.dump.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dump.itests.support.Api.Reply;

/**
 * HTTP requests to a node from a chosen source address on the loopback network (any of 127.0.0.0/8 on Linux), so
 * that a test can play an attacker and a user who come from different places. Java's HttpClient cannot choose its
 * local address, so this writes HTTP/1.0 by hand: one request per connection, which the node closes after the
 * answer, never chunked.
 */
public final class FromAddress {

    private final InetAddress source;
    private final int port;

    public FromAddress(String source, int port) {
        try {
            this.source = InetAddress.getByName(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = port;
    }

    /** {@code POST /api/session} with this username and password. */
    public Reply signIn(String username, String password) {
        return send("POST", "session", Map.of("Content-Type", "application/json"),
                Api.object("username", username, "password", password));
    }

    /**
     * Sends one request to {@code /api/PATH} and reads the whole answer.
     *
     * @throws UncheckedIOException if the node cannot be reached or the connection breaks
     */
    public Reply send(String method, String path, Map<String, String> headers, String body) {
        return sendTo(method, "/api/" + path, headers, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one request to {@code path} (absolute, e.g. {@code /federation/hello}) and reads the whole answer. The
     * Host is the node's address unless {@code headers} names another.
     *
     * @throws UncheckedIOException if the node cannot be reached or the connection breaks
     */
    public Reply sendTo(String method, String path, Map<String, String> headers, byte[] content) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.0\r\n"
                + (headers.containsKey("Host") ? "" : "Host: 127.0.0.1:" + port + "\r\n")
                + "Content-Length: " + content.length + "\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(method + " " + path + " from " + source.getHostAddress(), socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " from " + source + " failed", e);
        }
    }

    private static Reply parse(String request, InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        byte[] bytes = all.toByteArray();
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException(request + ": no complete answer: " + new String(bytes, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : Arrays.asList(lines).subList(1, lines.length)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).strip(), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        return new Reply(request, status, headers, Arrays.copyOfRange(bytes, end + 4, bytes.length));
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }
}
