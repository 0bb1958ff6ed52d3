package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.dump.itests.support.Api.Reply;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.RawHttp;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 22, items 4 and 12, on Jetty's side, against one real node. Slow clients: connections that send a request
 * body a byte every few seconds each held one of the server's threads for hours, and with enough of them nobody else
 * was answered; the minimum request data rate of etc/jetty.xml cuts them off. Jetty's own errors: requests its
 * parser refuses before any servlet sees them got Jetty's HTML page; JsonErrorHandler answers them with the API's
 * JSON error body.
 */
public class SlowClientsIT {

    /** More slow connections than the server has threads (200), few enough for one test JVM's descriptors. */
    private static final int SLOW_CLIENTS = 250;
    private static final int BODY_BYTES = 4096;
    private static final Duration BYTE_EVERY = Duration.ofSeconds(2);
    /** Generous: an answer takes milliseconds; before the fix it never came while the slow clients stayed. */
    private static final Duration USER_TIMEOUT = Duration.ofSeconds(20);
    /** Generous: the fix closes them within seconds; before, they stayed open as long as they kept sending. */
    private static final Duration ALL_CLOSED_WITHIN = Duration.ofSeconds(45);

    private static NodeDistribution distribution;
    private static NodeProcess node;

    @BeforeClass
    public static void startOneNode() throws Exception {
        distribution = new NodeDistribution("slow-clients");
        node = distribution.start("S").get(0);
    }

    @AfterClass
    public static void stopTheNode() {
        if (distribution != null) {
            distribution.close();
        }
    }

    /**
     * A broken escape in the path, a URL and a header beyond Jetty's limits, a Host that is no host: each refused
     * by Jetty's parser, each answered with the API's JSON error body and its headers, not an HTML page.
     */
    @Test
    public void requestsJettyRefusesGetTheApisJsonError() throws IOException {
        String host = "Host: 127.0.0.1:" + node.http() + "\r\n";
        assertJsonError(400, RawHttp.exchange(node.http(), "GET /api/%zz HTTP/1.1\r\n" + host));
        assertJsonError(414, RawHttp.exchange(node.http(), "GET /api/" + "a".repeat(10_000) + " HTTP/1.1\r\n" + host));
        assertJsonError(431, RawHttp.exchange(node.http(),
                "GET /api/node HTTP/1.1\r\n" + host + "X-Padding: " + "a".repeat(10_000) + "\r\n"));
        assertJsonError(400, RawHttp.exchange(node.http(), "GET /api/node HTTP/1.1\r\nHost: a b c\r\n"));
        // and what still works, works as before
        Reply fine = RawHttp.exchange(node.http(), "GET /api/node HTTP/1.1\r\n" + host);
        assertEquals(fine.toString(), 200, fine.status());
    }

    /**
     * 250 connections post a sign-in whose 4 KiB body comes a byte every 2 s (the slow-bodies attack, aimed where the
     * node reads the body of anyone). A user's {@code GET /api/node} is still answered, and the server closes the
     * slow connections itself.
     */
    @Test
    public void slowBodiesNeitherStarveUsersNorStayOpen() throws Exception {
        List<SocketChannel> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                slow.add(openSlowSignIn());
            }
            long deadline = System.nanoTime() + ALL_CLOSED_WITHIN.toNanos();
            Thread.sleep(BYTE_EVERY.toMillis() + 1000);
            CompletableFuture<HttpResponse<String>> user = HttpClient.newBuilder().connectTimeout(USER_TIMEOUT).build()
                    .sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.http() + "/api/node"))
                            .timeout(USER_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            int open = slow.size();
            while (open > 0 && System.nanoTime() < deadline) {
                Thread.sleep(BYTE_EVERY.toMillis());
                open = trickle(slow);
            }
            String answer;
            try {
                HttpResponse<String> reply = user.join();
                answer = reply.statusCode() + " " + reply.body();
            } catch (RuntimeException e) {
                answer = "no answer: " + e.getCause();
            }
            assertTrue("GET /api/node during the attack: " + answer, answer.startsWith("200 "));
            assertEquals("slow connections still open after " + ALL_CLOSED_WITHIN.toSeconds() + " s", 0, open);
            // a slow body is the client's doing (408), not a failure of the node with a stack trace each
            String log = Files.readString(node.dir().resolve("data/log/karaf.log"));
            assertFalse(node.logTail(), log.contains("Unexpected error answering a REST request"));
        } finally {
            for (SocketChannel channel : slow) {
                channel.close();
            }
        }
        Reply after = node.api().get("node").send();
        assertEquals(after.toString(), 200, after.status());
    }

    private SocketChannel openSlowSignIn() throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", node.http()));
        String head = "POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:" + node.http() + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + BODY_BYTES + "\r\n\r\n{";
        channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
        channel.configureBlocking(false);
        return channel;
    }

    /**
     * Sends one more byte on each connection the server has not closed, and counts those.
     *
     * @return how many are still open: neither closed, reset nor answered by the server
     */
    private static int trickle(List<SocketChannel> slow) {
        int open = 0;
        ByteBuffer answer = ByteBuffer.allocate(1024);
        for (SocketChannel channel : slow) {
            if (!channel.isOpen()) {
                continue;
            }
            try {
                answer.clear();
                if (channel.read(answer) != 0) {
                    channel.close();
                    continue;
                }
                channel.write(ByteBuffer.wrap(new byte[] {' '}));
                open++;
            } catch (IOException closedByTheServer) {
                closeQuietly(channel);
            }
        }
        return open;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closed either way
        }
    }

    private static void assertJsonError(int status, Reply reply) {
        assertEquals(reply.toString(), status, reply.status());
        assertTrue(reply.toString(), reply.header("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(reply.toString(), "nosniff", reply.header("X-Content-Type-Options").orElse(""));
        JsonNode error = reply.json();
        assertEquals(reply.toString(), status, error.path("status").asInt());
        assertFalse(reply.toString(), error.path("error").asText().isBlank());
        assertFalse(reply.toString(), error.path("message").asText().isBlank());
        assertFalse(reply.toString(), reply.text().contains("<"));
    }
}
