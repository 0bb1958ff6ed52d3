package org.dump.repository.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.sun.net.httpserver.HttpServer;

/** What a peer serves is read within a limit of bytes and a deadline, also when it trickles. */
public class RepositoryHttpTest {

    private final RepositoryHttp http = new RepositoryHttp();
    private HttpServer server;

    @Before
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write('a');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                // the reader hung up
            }
        });
        server.createContext("/large", exchange -> {
            exchange.sendResponseHeaders(200, 2000);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[2000]);
            }
        });
        server.start();
    }

    @After
    public void stop() {
        server.stop(0);
        http.close();
    }

    @Test
    public void anAnswerThatTricklesEndsAtItsDeadline() throws Exception {
        assertRefused("trickle", 1_000_000, " took more than 2 s to answer");
    }

    @Test
    public void anAnswerLargerThanItsLimitIsRefused() throws Exception {
        assertRefused("large", 1000, " answered more than 1000 bytes");
        try (InputStream in = http.open(url("large"))) {
            assertEquals(2000, in.readAllBytes().length);
        }
    }

    private void assertRefused(String path, int limit, String why) throws InterruptedException {
        try {
            http.fetch(url(path), limit, Duration.ofSeconds(2));
            fail("read " + path + " whole");
        } catch (IOException e) {
            assertEquals(url(path) + why, e.getMessage());
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }
}
