package org.dump.federation.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.PeerRefusedException;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The relay's endpoints with real signatures, without HTTP: who may attach and answer, what a forged or malformed
 * request changes (nothing), which headers pass, and dial-backs.
 */
public class RelayEndpointsTest {

    private static final String RELAY = "http://relay.example:8181/relay/";

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final RelayHub hub = new RelayHub(RelayLimits.of(4, 1024 * 1024, Duration.ofSeconds(60)), timer,
            Clock.systemUTC(), System::nanoTime);
    private final RequestSignatures signatures = new RequestSignatures(Clock.systemUTC());
    private Function<URI, NodeCard> frontDoors = url -> {
        throw new PeerRefusedException("cannot reach " + url + "api/node: connection refused");
    };
    private final RelayEndpoints endpoints = new RelayEndpoints(hub,
            new DialBack(url -> frontDoors.apply(url), Executors.newCachedThreadPool()), signatures,
            new ReplayGuard(Clock.systemUTC(), 100));
    private final TestNodeIdentity a = new TestNodeIdentity();
    private final TestNodeIdentity b = new TestNodeIdentity();

    @After
    public void stopTimer() {
        timer.shutdownNow();
    }

    /** @return a request to {@code /relay/<endpoint>} signed by {@code signer} */
    private RelayEndpoints.Signed signed(NodeIdentity signer, String endpoint, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        URI target = URI.create(RELAY + endpoint);
        Map<String, String> headers = signatures.sign(signer, "POST", target, body);
        return new RelayEndpoints.Signed("POST", target, headers::get, body);
    }

    private static String attachBody(NodeIdentity node, int wait) {
        return "{\"publicKey\":\"" + node.publicKey().base64() + "\",\"wait\":" + wait + "}";
    }

    private int refused(RelayEndpoints.Signed request, String endpoint) {
        RelayRefusal refusal = assertThrows(RelayRefusal.class, () -> {
            endpoints.precheck("/" + endpoint, request.headers());
            switch (endpoint) {
                case "attach" -> endpoints.attach(request);
                case "answer" -> endpoints.answer(request);
                default -> endpoints.dialBack(request);
            }
        });
        return refusal.status();
    }

    @Test
    public void aSignedAttachMakesAClientAndItsSignedAnswerReachesTheCaller() throws Exception {
        CompletableFuture<List<RelayedRequest>> poll = endpoints.attach(signed(a, "attach", attachBody(a, 20)));
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("Content-Type", "application/json");
        sent.put("Signature", "dump=:x:");
        sent.put("Dump-Relay-Target", "http://10.0.0.1/");
        sent.put("Cookie", "session=1");
        sent.put("Authorization", "Basic eDp5");
        sent.put("If-None-Match", "\"e1\"");
        CompletableFuture<RelayAnswer> caller = endpoints.relay(a.id(), "GET", "/api/x", sent.keySet(), sent::get,
                new byte[0]);
        RelayedRequest request = poll.get(5, TimeUnit.SECONDS).get(0);
        assertEquals(Map.of("content-type", "application/json", "signature", "dump=:x:", "if-none-match", "\"e1\""),
                request.headers());
        JsonNode wire = FederationJson.MAPPER.valueToTree(request.wire());
        assertEquals("GET", wire.path("method").asText());
        assertFalse(wire.path("headers").has("dump-relay-target"));

        String answer = "{\"id\":\"" + request.id() + "\",\"status\":200,\"headers\":{\"Content-Type\":\"text/plain\","
                + "\"Set-Cookie\":\"x=1\",\"Dump-Relay-Target\":\"y\"},\"body\":\""
                + Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8)) + "\"}";
        assertEquals("b is not attached: it cannot answer for a", 401, refused(signed(b, "answer", answer), "answer"));
        endpoints.precheck("/answer", signed(a, "answer", answer).headers());
        assertEquals(200, endpoints.answer(signed(a, "answer", answer)).status());
        RelayAnswer got = caller.get(5, TimeUnit.SECONDS);
        assertEquals(200, got.status());
        assertEquals(Map.of("content-type", "text/plain"), got.headers());
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), got.body());
        assertEquals("answered already", 404, refused(signed(a, "answer", answer), "answer"));
    }

    @Test
    public void forgedAttachesAreRefused401AndChangeNothing() throws Exception {
        // The key in the body is b's, the signature a's (keyid a).
        assertEquals(401, refused(signed(a, "attach", attachBody(b, 1)), "attach"));
        // keyid b, signed with a's key, b's key in the body: the signature does not verify.
        NodeIdentity impostor = new NodeIdentity() {
            @Override
            public String id() {
                return b.id();
            }

            @Override
            public Ed25519PublicKey publicKey() {
                return b.publicKey();
            }

            @Override
            public byte[] sign(byte[] message) {
                return a.sign(message);
            }

            @Override
            public byte[] open(String purpose, byte[] sealed, byte[] aad) {
                throw new UnsupportedOperationException("an impostor opens nothing");
            }
        };
        assertEquals(401, refused(signed(impostor, "attach", attachBody(b, 1)), "attach"));
        // A body changed after signing.
        RelayEndpoints.Signed honest = signed(a, "attach", attachBody(a, 1));
        RelayEndpoints.Signed altered = new RelayEndpoints.Signed("POST", honest.target(), honest.headers(),
                attachBody(a, 2).getBytes(StandardCharsets.UTF_8));
        assertEquals(401, refused(altered, "attach"));
        // Signed for another endpoint.
        RelayEndpoints.Signed elsewhere = new RelayEndpoints.Signed("POST", URI.create(RELAY + "dial-back"),
                honest.headers(), honest.body());
        assertEquals(401, refused(elsewhere, "attach"));
        assertTrue("nothing forged attached", hub.report().clients().isEmpty());

        endpoints.attach(honest).get(5, TimeUnit.SECONDS);
        assertEquals("a replayed nonce", 401, refused(honest, "attach"));
        assertEquals(1, hub.report().clients().size());
    }

    @Test
    public void malformedBodiesAre400AndChangeNothing() throws Exception {
        for (String body : List.of("not json", "[]", "{}", "{\"publicKey\":\"AAAA\",\"wait\":1}",
                "{\"publicKey\":\"" + a.publicKey().base64() + "\",\"wait\":\"soon\"}",
                "{\"publicKey\":\"" + a.publicKey().base64() + "\",\"wait\":-1}")) {
            assertEquals(body, 400, refused(signed(a, "attach", body), "attach"));
        }
        assertTrue(hub.report().clients().isEmpty());
        endpoints.attach(signed(a, "attach", attachBody(a, 0))).get(5, TimeUnit.SECONDS);
        CompletableFuture<RelayAnswer> caller = endpoints.relay(a.id(), "POST", "/x", List.of(), name -> null,
                new byte[0]);
        String id = endpoints.attach(signed(a, "attach", attachBody(a, 0))).get(5, TimeUnit.SECONDS).get(0).id();
        for (String body : List.of("{\"id\":\"" + id + "\",\"status\":99}",
                "{\"id\":\"" + id + "\",\"status\":200,\"body\":\"not base64!\"}",
                "{\"id\":\"" + id + "\",\"status\":200,\"headers\":{\"etag\":1}}", "{\"status\":200}")) {
            assertEquals(body, 400, refused(signed(a, "answer", body), "answer"));
        }
        assertFalse("the caller still waits", caller.isDone());
    }

    @Test
    public void aNodeThatDoesNotRelayRefusesAttaches403() {
        RelayHub none = new RelayHub(RelayLimits.of(0, 1024, Duration.ofSeconds(60)), timer, Clock.systemUTC(),
                System::nanoTime);
        RelayEndpoints closed = new RelayEndpoints(none, null, signatures, new ReplayGuard(Clock.systemUTC(), 10));
        RelayRefusal refusal = assertThrows(RelayRefusal.class,
                () -> closed.precheck("/attach", signed(a, "attach", attachBody(a, 1)).headers()));
        assertEquals(403, refusal.status());
    }

    @Test
    public void aDialBackSaysWhetherTheSignerAnswersThereAndIsLimited() throws Exception {
        String url = "{\"publicKey\":\"" + a.publicKey().base64() + "\",\"url\":\"http://a.example:8181/\"}";
        JsonNode unreachable = json(endpoints.dialBack(signed(a, "dial-back", url)).get(5, TimeUnit.SECONDS));
        assertFalse(unreachable.path("reachable").asBoolean());
        assertTrue(unreachable.path("message").asText(), unreachable.path("message").asText().contains("cannot reach"));

        frontDoors = address -> new NodeCard(b.id(), b.publicKey().base64(), "B", "", List.of());
        JsonNode other = json(endpoints.dialBack(signed(a, "dial-back", url)).get(5, TimeUnit.SECONDS));
        assertFalse(other.path("reachable").asBoolean());
        assertTrue(other.path("message").asText().contains("presents another node"));

        CountDownLatch slow = new CountDownLatch(1);
        frontDoors = address -> {
            try {
                slow.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new NodeCard(a.id(), a.publicKey().base64(), "A", "", List.of());
        };
        CompletableFuture<RelayAnswer> first = endpoints.dialBack(signed(a, "dial-back", url));
        assertEquals("one at a time per signer", 429, refused(signed(a, "dial-back", url), "dial-back"));
        slow.countDown();
        assertTrue(json(first.get(5, TimeUnit.SECONDS)).path("reachable").asBoolean());
        assertEquals(400, refused(signed(a, "dial-back", url.replace("http://a.example:8181/", "file:///etc/")),
                "dial-back"));
    }

    private static JsonNode json(RelayAnswer answer) throws Exception {
        assertEquals(200, answer.status());
        return FederationJson.MAPPER.readTree(answer.body());
    }
}
