package org.dump.federation.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dump.node.testing.TestNodeIdentity;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A peer's answer is read whole, but no more than its bound in bytes, nor for longer than its bound in time. */
public class BoundedAnswerTest {

    private static final BoundedAnswer.Bound BOUND = new BoundedAnswer.Bound(1000, Duration.ofSeconds(2));
    private static final String TOO_LARGE = "peer p answered more than 1000 bytes";
    private static final String TOO_SLOW = "peer p took more than 2 s to answer";

    private final PeerClient client = new PeerClient(new TestNodeIdentity());
    private final AtomicBoolean hungUp = new AtomicBoolean();
    private HttpServer server;

    @Before
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/small", exchange -> answer(exchange, 1000, false));
        server.createContext("/large", exchange -> answer(exchange, 1001, false));
        server.createContext("/endless", exchange -> answer(exchange, Long.MAX_VALUE, false));
        server.createContext("/declared", exchange -> {
            exchange.sendResponseHeaders(200, 5_000_000);
            exchange.close();
        });
        server.createContext("/trickle", exchange -> answer(exchange, Long.MAX_VALUE, true));
        server.createContext("/silent", exchange -> sleep(60_000));
        server.start();
    }

    @After
    public void stop() {
        server.stop(0);
        client.stop();
    }

    @Test
    public void anAnswerWithinTheBoundIsReadWhole() throws Exception {
        HttpResponse<byte[]> answer = client.send("peer p", url("small"), new byte[0], BOUND);
        assertEquals(200, answer.statusCode());
        byte[] expected = new byte[1000];
        Arrays.fill(expected, (byte) 'a');
        assertArrayEquals(expected, answer.body());
    }

    @Test
    public void oneByteMoreIsRefused() throws Exception {
        assertRefused("large", TOO_LARGE);
    }

    @Test
    public void anEndlessAnswerIsCutOffAtTheBoundAndTheConnectionClosed() throws Exception {
        assertRefused("endless", TOO_LARGE);
        awaitHungUp();
    }

    @Test
    public void aDeclaredLengthOverTheBoundIsRefusedBeforeReading() throws Exception {
        assertRefused("declared", TOO_LARGE);
    }

    @Test
    public void anAnswerThatTricklesEndsAtTheDeadline() throws Exception {
        assertRefused("trickle", TOO_SLOW);
        awaitHungUp();
    }

    @Test
    public void anAnswerWithoutHeadersEndsAtTheDeadline() throws Exception {
        assertRefused("silent", TOO_SLOW);
    }

    @Test
    public void anAnswerReadAsItComesHasTheSameBounds() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync("peer p", url("trickle"), new byte[0],
                BOUND);
        assertFails(TOO_SLOW, () -> PeerClient.await(answer));
        CompletableFuture<HttpResponse<byte[]>> large = client.sendAsync("peer p", url("endless"), new byte[0],
                BOUND);
        assertFails(TOO_LARGE, () -> PeerClient.await(large));
    }

    private void assertRefused(String path, String message) throws Exception {
        assertFails(message, () -> client.send("peer p", url(path), new byte[0], BOUND));
    }

    private interface Call {
        Object call() throws Exception;
    }

    private static void assertFails(String message, Call call) throws Exception {
        try {
            call.call();
            fail("no failure: " + message);
        } catch (IOException e) {
            assertEquals(message, e.getMessage());
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    private void awaitHungUp() throws InterruptedException {
        for (int i = 0; i < 100 && !hungUp.get(); i++) {
            Thread.sleep(50);
        }
        assertTrue("the connection was not closed", hungUp.get());
    }

    /** Answers {@code size} bytes of 'a' in chunks (one byte every 100 ms if {@code slowly}). */
    private void answer(HttpExchange exchange, long size, boolean slowly) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, size == Long.MAX_VALUE ? 0 : size);
        byte[] chunk = new byte[slowly ? 1 : 100];
        Arrays.fill(chunk, (byte) 'a');
        try (OutputStream out = exchange.getResponseBody()) {
            for (long sent = 0; sent < size; sent += chunk.length) {
                out.write(chunk);
                if (slowly) {
                    out.flush();
                    sleep(100);
                }
            }
        } catch (IOException e) {
            hungUp.set(true);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
