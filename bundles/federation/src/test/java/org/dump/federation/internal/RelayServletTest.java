package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.servlet.AsyncContext;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dump.node.testing.TestNodeIdentity;
import org.dump.node.testing.Configs;
import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The servlet's own part, HTTP in and out, without a web server (none is on the test classpath): requests and
 * responses are small stand-ins that hold what the servlet reads and writes, and an {@link AsyncContext} that runs
 * its work at once. What it shows: the raw path passes on exactly, a request set aside is written when its answer
 * comes, HEAD gets no body, and the refusals' statuses and JSON.
 */
public class RelayServletTest {

    private static final String BASE = "http://relay.example:8181";

    private final TestNodeIdentity a = new TestNodeIdentity();
    private final NodeRelay relay = new NodeRelay(new PeerClient(new TestNodeIdentity()), config(4));
    private final RelayServlet servlet = new RelayServlet(relay, java.util.Optional::empty);
    private final RequestSignatures signatures = new RequestSignatures(java.time.Clock.systemUTC());

    @After
    public void stopRelay() {
        relay.stop();
    }

    @Test
    public void aCallersRequestReachesTheClientsPollAndItsAnswerTheCaller() throws Exception {
        Exchange poll = serve(signed("/relay/attach", "{\"publicKey\":\"" + a.publicKey().base64() + "\",\"wait\":20}"));
        assertFalse("the poll waits", poll.done());

        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Accept", "application/json");
        headers.put("Dump-Relay-Target", "http://10.0.0.1/");
        headers.put("Cookie", "c=1");
        Exchange caller = serve(new Incoming("GET", "/relay/" + a.id() + "/api/x%20y/%C3%A9", "q=a%20b&r", headers,
                new byte[0]));
        JsonNode requests = poll.json().path("requests");
        assertEquals(200, poll.status);
        assertEquals(1, requests.size());
        JsonNode request = requests.get(0);
        assertEquals("/api/x%20y/%C3%A9?q=a%20b&r", request.path("path").asText());
        assertEquals("GET", request.path("method").asText());
        assertEquals(Map.of("accept", "application/json"),
                FederationJson.MAPPER.convertValue(request.path("headers"), Map.class));
        assertFalse("the caller waits for the answer", caller.done());

        String answer = "{\"id\":\"" + request.path("id").asText() + "\",\"status\":203,\"headers\":{\"ETag\":\"\\\"1\\\"\","
                + "\"Set-Cookie\":\"s=1\"},\"body\":\"" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})
                + "\"}";
        Exchange answered = serve(signed("/relay/answer", answer));
        assertEquals(200, answered.status);
        assertTrue(caller.done());
        assertEquals(203, caller.status);
        assertEquals("\"1\"", caller.headers.get("etag"));
        assertFalse(caller.headers.containsKey("set-cookie"));
        assertEquals("3", caller.headers.get("Content-Length"));
        assertEquals(3, caller.body.size());
    }

    @Test
    public void headGetsTheHeadersOfTheAnswerWithoutItsBody() throws Exception {
        Exchange attached = serve(signed("/relay/attach", "{\"publicKey\":\"" + a.publicKey().base64()
                + "\",\"wait\":0}"));
        // A poll of no wait ends on the hub's timer thread: until it has, it takes what comes (a loaded CI machine
        // gave it the HEAD), so the HEAD is sent once it ended.
        if (attached.async) {
            assertTrue("the first poll ended", attached.completed.await(20, TimeUnit.SECONDS));
        }
        Exchange caller = serve(new Incoming("HEAD", "/relay/" + a.id() + "/x", null, Map.of(), new byte[0]));
        // The HEAD waits in the client's queue: this poll takes it.
        Exchange poll = serve(signed("/relay/attach", "{\"publicKey\":\"" + a.publicKey().base64() + "\",\"wait\":20}"));
        if (poll.async) {
            assertTrue("the HEAD reached the poll", poll.completed.await(20, TimeUnit.SECONDS));
        }
        String id = poll.json().path("requests").get(0).path("id").asText();
        serve(signed("/relay/answer", "{\"id\":\"" + id + "\",\"status\":200,\"body\":\"AAAA\"}"));
        assertEquals(200, caller.status);
        assertEquals("3", caller.headers.get("Content-Length"));
        assertEquals(0, caller.body.size());
    }

    @Test
    public void refusalsSayWhyInJson() throws Exception {
        Exchange unknown = serve(new Incoming("POST", "/relay/" + a.id() + "/federation/records", null, Map.of(),
                new byte[0]));
        assertEquals("a gateway with no way to the node", 502, unknown.status);
        assertEquals("node " + a.id() + " is not attached to this relay", unknown.json().path("message").asText());
        assertEquals(405, serve(new Incoming("GET", "/relay/attach", null, Map.of(), new byte[0])).status);
        assertEquals(405, serve(new Incoming("PUT", "/relay/" + a.id() + "/x", null, Map.of(), new byte[0])).status);
        assertEquals(401, serve(new Incoming("POST", "/relay/attach", null, Map.of(), new byte[0])).status);
        assertEquals(404, serve(new Incoming("GET", "/relay/", null, Map.of(), new byte[0])).status);
    }

    /** A request as a stand-in holds it. */
    private record Incoming(String method, String uri, String query, Map<String, String> headers, byte[] body) {
    }

    /** A response as the servlet wrote it, and whether it was completed. */
    private static final class Exchange {
        final CountDownLatch completed = new CountDownLatch(1);
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        volatile boolean async;
        volatile int status = 200;

        /** Whether it was answered: at once, or set aside and completed (the stand-in runs its work at once). */
        boolean done() {
            return !async || completed.getCount() == 0;
        }

        JsonNode json() throws Exception {
            assertTrue("answered", done());
            return FederationJson.MAPPER.readTree(body.toByteArray());
        }
    }

    private Incoming signed(String uri, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(signatures.sign(a, "POST", URI.create(BASE + uri), body));
        headers.put("Content-Type", "application/json");
        return new Incoming("POST", uri, null, headers, body);
    }

    private Exchange serve(Incoming incoming) throws Exception {
        Exchange exchange = new Exchange();
        HttpServletResponse response = response(exchange);
        AsyncContext async = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "start" -> {
                        ((Runnable) args[0]).run();
                        yield null;
                    }
                    case "complete" -> {
                        exchange.completed.countDown();
                        yield null;
                    }
                    case "getResponse" -> response;
                    default -> null;
                });
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> incoming.method();
                    case "getRequestURI" -> incoming.uri();
                    case "getContextPath" -> "";
                    case "getServletPath" -> "/relay";
                    case "getQueryString" -> incoming.query();
                    case "getRequestURL" -> new StringBuffer(BASE + incoming.uri());
                    case "getHeader" -> incoming.headers().get((String) args[0]);
                    case "getHeaderNames" -> Collections.enumeration(incoming.headers().keySet());
                    case "getHeaders" -> Collections.enumeration(incoming.headers().containsKey((String) args[0])
                            ? List.of(incoming.headers().get((String) args[0])) : List.of());
                    case "getContentLengthLong" -> (long) incoming.body().length;
                    case "getInputStream" -> input(incoming.body());
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "startAsync" -> {
                        exchange.async = true;
                        yield async;
                    }
                    default -> null;
                });
        servlet.service(request, response);
        return exchange;
    }

    private static HttpServletResponse response(Exchange exchange) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                exchange.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(RelayServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setStatus" -> {
                        exchange.status = (Integer) args[0];
                        yield null;
                    }
                    case "setHeader" -> {
                        exchange.headers.put((String) args[0], (String) args[1]);
                        yield null;
                    }
                    case "setContentLengthLong" -> {
                        exchange.headers.put("Content-Length", Long.toString((Long) args[0]));
                        yield null;
                    }
                    case "getOutputStream" -> out;
                    default -> null;
                });
    }

    private static ServletInputStream input(byte[] body) {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
    }

    private static NodeRelay.Config config(int clients) {
        return Configs.of(NodeRelay.Config.class, Map.of("relayClients", clients, "relayBytesPerSecond", 262_144L,
                "relayIdleSeconds", 60));
    }
}
