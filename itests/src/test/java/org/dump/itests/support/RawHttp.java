package org.dump.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dump.itests.support.Api.Reply;

/**
 * HTTP/1.1 written by hand on a socket, for requests that no HTTP client sends: a broken escape in the path, a URL or
 * headers beyond the server's limits. The answer is read up to its Content-Length or the end of the connection.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 15_000;

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, each line ending in CRLF, without the empty line after). */
    public static Reply exchange(int port, String head) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return parse(head.lines().findFirst().orElse("").replaceAll("(.{80}).+", "$1…"), readAnswer(socket));
        }
    }

    private static byte[] readAnswer(Socket socket) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                answer.write(buffer, 0, n);
            }
        } catch (IOException reset) {
            // A server that refuses a request it has not read whole may reset the connection after answering.
            if (answer.size() == 0) {
                throw reset;
            }
        }
        return answer.toByteArray();
    }

    private static Reply parse(String request, byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new AssertionError(request + ": not an HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] nameValue = lines[i].split(":", 2);
            headers.computeIfAbsent(nameValue[0].strip(), name -> new ArrayList<>()).add(nameValue[1].strip());
        }
        byte[] body = text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
        return new Reply(request, Integer.parseInt(lines[0].substring(9, 12)), headers, body);
    }
}
