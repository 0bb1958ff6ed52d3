package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A node attached to a relay (here a small relay of the test's, speaking protocol §13) serves what the relay hands it
 * on its own web server, with the URI its sender signed, and posts the answer back; it loses a relay that refuses or
 * stops answering.
 */
public class RelayAttachmentTest {

    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final TestNodeIdentity identity = new TestNodeIdentity(Ed25519KeyPair.generate());
    private final PeerClient client = new PeerClient(identity);
    private final BlockingQueue<String> handed = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final AtomicInteger attachStatus = new AtomicInteger(200);
    private final AtomicInteger polls = new AtomicInteger();
    private HttpServer relay;
    private HttpServer web;
    private URI relayBase;

    @Before
    public void servers() throws IOException {
        relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        relayBase = URI.create("http://127.0.0.1:" + relay.getAddress().getPort() + "/");
        relay.createContext("/relay/attach", this::attach);
        relay.createContext("/relay/answer", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            verified(exchange, body);
            answers.add(JSON.readTree(body));
            reply(exchange, 200, "{}");
        });
        relay.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        relay.start();
        web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String seen = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " target="
                    + exchange.getRequestHeaders().getFirst(RelayedTarget.TARGET) + " secret="
                    + RelayedTarget.SECRET.equals(exchange.getRequestHeaders().getFirst(RelayedTarget.SECRET_HEADER))
                    + " digest=" + exchange.getRequestHeaders().getFirst("Content-Digest") + " body="
                    + new String(body, StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Set-Cookie", "never=passed");
            reply(exchange, 201, JSON.writeValueAsString(Map.of("seen", seen)));
        });
        web.start();
    }

    @After
    public void stop() {
        relay.stop(0);
        web.stop(0);
    }

    /** Hands the queued request, or none after a short wait; refuses when told to. */
    private void attach(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        verified(exchange, body);
        assertEquals(identity.publicKey().base64(), JSON.readTree(body).path("publicKey").asText());
        polls.incrementAndGet();
        if (attachStatus.get() != 200) {
            reply(exchange, attachStatus.get(), "{\"message\":\"not now\"}");
            return;
        }
        String request;
        try {
            request = JSON.readTree(body).path("wait").asInt() == 0 ? handed.poll() : handed.poll(300,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        reply(exchange, 200, "{\"requests\":[" + (request == null ? "" : request) + "]}");
    }

    /** The relay checks nothing, but the test does: every request of the node to the relay is signed. */
    private void verified(HttpExchange exchange, byte[] body) {
        URI target = relayBase.resolve(exchange.getRequestURI().getPath().substring(1));
        try {
            new RequestSignatures(Clock.systemUTC()).check(exchange.getRequestHeaders()::getFirst, "POST", target,
                    body, id -> id.equals(identity.id()) ? Optional.of(identity.publicKey()) : Optional.empty());
        } catch (RequestSignatures.Refused e) {
            throw new AssertionError(e);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private RelayAttachment attachment() {
        URI door = URI.create("http://127.0.0.1:" + web.getAddress().getPort() + "/");
        return new RelayAttachment(relayBase, "relayid", identity, client, new LocalDoor(client, () -> door),
                new RelayAttachment.Listener() {
                    @Override
                    public void attached(RelayAttachment attachment) {
                        events.add("attached");
                    }

                    @Override
                    public void lost(RelayAttachment attachment, String why) {
                        events.add("lost: " + why);
                    }
                });
    }

    @Test
    public void aRelayedRequestIsServedWithItsSignedTargetAndAnsweredThroughTheRelay() throws Exception {
        try (RelayAttachment attachment = attachment()) {
            attachment.start();
            assertEquals("attached", events.poll(10, TimeUnit.SECONDS));
            assertEquals(URI.create(relayBase + "relay/" + identity.id() + "/"), attachment.address());
            String body = Base64.getEncoder().encodeToString("{\"x\":1}".getBytes(StandardCharsets.UTF_8));
            handed.add("{\"id\":\"abcdefghijklmnopqrstuvwxyz\",\"method\":\"POST\",\"path\":\"/federation/records?a=b\","
                    + "\"headers\":{\"content-digest\":\"sha-256=:x:\",\"Dump-Relay-Target\":\"http://evil/\","
                    + "\"host\":\"evil\"},\"body\":\"" + body + "\"}");
            JsonNode answer = answers.poll(10, TimeUnit.SECONDS);
            assertNotNull("the answer reached the relay", answer);
            assertEquals("abcdefghijklmnopqrstuvwxyz", answer.path("id").asText());
            assertEquals(201, answer.path("status").asInt());
            assertEquals("application/json", answer.path("headers").path("content-type").asText());
            assertFalse("only the listed answer headers go back", answer.path("headers").has("set-cookie"));
            String seen = JSON.readTree(Base64.getDecoder().decode(answer.path("body").asText())).path("seen").asText();
            assertEquals("POST /federation/records?a=b target=" + relayBase + "relay/" + identity.id()
                    + "/federation/records?a=b secret=true digest=sha-256=:x: body={\"x\":1}", seen);
            assertTrue(attachment.isAttached());
            assertEquals(1, attachment.served());
        }
    }

    @Test
    public void aRelayThatRefusesIsLostAtOnce() throws Exception {
        attachStatus.set(503);
        try (RelayAttachment attachment = attachment()) {
            attachment.start();
            String event = events.poll(10, TimeUnit.SECONDS);
            assertTrue(event, event.startsWith("lost: ") && event.contains("HTTP 503") && event.contains("not now"));
            assertFalse(attachment.isAttached());
        }
    }

    @Test
    public void aRelayThatStopsAnsweringIsLostAfterTwoFailedPolls() throws Exception {
        try (RelayAttachment attachment = attachment()) {
            attachment.start();
            assertEquals("attached", events.poll(10, TimeUnit.SECONDS));
            relay.stop(0); // the relay's process is gone: connections refused
            String event = events.poll(20, TimeUnit.SECONDS);
            assertNotNull("the relay is lost", event);
            assertTrue(event, event.startsWith("lost: cannot reach " + relayBase));
            assertFalse(attachment.isAttached());
        }
    }

    @Test
    public void requestsARelayMayNotHandAreRefusedWhole() throws Exception {
        for (String bad : List.of("{\"requests\":[{\"id\":\"abcdefghij\",\"method\":\"DELETE\",\"path\":\"/x\"}]}",
                "{\"requests\":[{\"id\":\"abcdefghij\",\"method\":\"GET\",\"path\":\"http://elsewhere/x\"}]}",
                "{\"requests\":[{\"id\":\"abcdefghij\",\"method\":\"GET\",\"path\":\"//elsewhere/x\"}]}",
                "{\"requests\":[{\"id\":\"abcdefghij\",\"method\":\"GET\",\"path\":\"/a/../../etc\"}]}",
                "{\"requests\":[{\"id\":\"x\",\"method\":\"GET\",\"path\":\"/x\"}]}", "{\"requests\":{}}", "[]")) {
            assertThrows(bad, IllegalArgumentException.class, () -> RelayedExchange.requests(JSON.readTree(bad)));
        }
        List<RelayedRequest> fine = RelayedExchange.requests(JSON.readTree(
                "{\"requests\":[{\"id\":\"abcdefghij\",\"method\":\"get\",\"path\":\"/api/node\",\"headers\":"
                        + "{\"Accept\":\"application/json\",\"Dump-Relay-Secret\":\"guess\",\"Cookie\":\"c\"}}]}"));
        assertEquals("GET", fine.get(0).method());
        assertEquals(Map.of("accept", "application/json"), fine.get(0).headers());
        assertEquals(0, fine.get(0).body().length);
    }
}
