package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.consent.ConsentDeliveryException;
import org.dump.node.consent.ConsentInbox;
import org.dump.node.consent.ConsentMessageRefusedException;
import org.dump.node.consent.MessageKind;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Consent messages between two nodes over real HTTP on the loopback interface, with real peer directories (each on
 * its own Derby database) and real signatures: X serves the consent endpoints from a JDK HTTP server (the logic the
 * servlet runs), Y sends with its courier. What X's node does with a message is the node's (ProfileConsentTest);
 * here X's inbox only notes what arrives, or refuses it.
 */
public class ConsentTransportTest {

    private static final byte[] BODY = "{\"requestId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TemporaryFolder xFolder = new TemporaryFolder();
    private final TemporaryFolder yFolder = new TemporaryFolder();
    private final NodeDatabase xDatabase = new NodeDatabase(xFolder, JpaPeerDirectory.UNIT);
    private final NodeDatabase yDatabase = new NodeDatabase(yFolder, JpaPeerDirectory.UNIT);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(xFolder).around(yFolder).around(xDatabase).around(yDatabase);

    private final TestNodeIdentity x = new TestNodeIdentity();
    private final TestNodeIdentity y = new TestNodeIdentity();
    private final HttpClient http = HttpClient.newHttpClient();
    /** What reached X's inbox: sender, kind, body. */
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile RuntimeException inboxAnswer;
    /** X's limits: 5 requests a second, in bursts of 10. */
    private final PeerLimits limits = new PeerLimits(5, 1024 * 1024, System::nanoTime);
    private HttpServer xServer;
    private HttpServer yServer;
    private JpaPeerDirectory xPeers;
    private JpaPeerDirectory yPeers;
    private SignedConsentCourier yCourier;
    private URI xUrl;

    @Before
    public void twoPeers() throws IOException {
        ConsentInbox inbox = (from, kind, body) -> {
            if (inboxAnswer != null) {
                throw inboxAnswer;
            }
            received.add(from + " " + kind + " " + new String(body, StandardCharsets.UTF_8));
        };
        xPeers = new JpaPeerDirectory(xDatabase.transactions(), x,
                new NodeFrontDoor(new PeerClient(x), Duration.ofSeconds(2)), Clock.systemUTC());
        yPeers = new JpaPeerDirectory(yDatabase.transactions(), y,
                new NodeFrontDoor(new PeerClient(y), Duration.ofSeconds(2)), Clock.systemUTC());
        ConsentEndpoint endpoint = new ConsentEndpoint(xPeers, inbox, new RequestSignatures(Clock.systemUTC()),
                limits, x);
        xServer = node(x, endpoint);
        yServer = node(y, null);
        xUrl = urlOf(xServer);
        yPeers.add(xUrl);
        xPeers.add(urlOf(yServer));
        yCourier = new SignedConsentCourier(new PeerClient(y), yPeers);
    }

    @After
    public void stopServers() {
        xServer.stop(0);
        yServer.stop(0);
    }

    @Test
    public void aPeersMessageReachesTheInboxNamingThePeer() throws Exception {
        assertTrue(yCourier.reaches(x.id()));
        assertFalse(yCourier.reaches(new TestNodeIdentity().id()));
        assertFalse(yCourier.reaches(xUrl.toString()));

        yCourier.deliver(x.id(), MessageKind.REQUEST, BODY);
        yCourier.deliver(x.id(), MessageKind.ANSWER, BODY);

        assertEquals(List.of(y.id() + " REQUEST {\"requestId\":\"x\"}", y.id() + " ANSWER {\"requestId\":\"x\"}"),
                received);
    }

    @Test
    public void aGrantedProfileTravelsSealedToTheReceiverAndReachesItsInboxAsWritten() throws Exception {
        yCourier.deliver(x.id(), MessageKind.ANSWER, SealedProfilesTest.GRANT.getBytes(StandardCharsets.UTF_8));

        assertEquals(1, received.size());
        String prefix = y.id() + " ANSWER ";
        assertTrue(received.get(0), received.get(0).startsWith(prefix));
        assertEquals(JSON.readTree(SealedProfilesTest.GRANT),
                JSON.readTree(received.get(0).substring(prefix.length())));
    }

    @Test
    public void aPlainProfileOrOneThatDoesNotOpenIsRefused400AndTheInboxSeesNothing() throws Exception {
        byte[] plain = SealedProfilesTest.GRANT.getBytes(StandardCharsets.UTF_8);
        Reply refused = send(y, "answers", plain, null);
        assertEquals(400, refused.status());
        assertTrue(refused.message(), refused.message().contains("profiles must be sealed"));

        TestNodeIdentity z = new TestNodeIdentity();
        Reply sealedForZ = send(y, "answers", SealedProfiles.seal(plain, z.id(), z.publicKey()), null);
        assertEquals(400, sealedForZ.status());
        assertTrue(sealedForZ.message(), sealedForZ.message().contains("does not open"));
        Reply namedForZ = send(y, "answers", SealedProfiles.seal(plain, z.id(), x.publicKey()), null);
        assertEquals(400, namedForZ.status());
        assertTrue(namedForZ.message(), namedForZ.message().contains("does not open"));
        assertEquals(List.of(), received);
    }

    @Test
    public void whatTheInboxRefusesIsRefusedForGoodAndAFailureIsRetried() {
        Map<ConsentMessageRefusedException.Reason, String> statuses = Map.of(
                ConsentMessageRefusedException.Reason.MALFORMED, "HTTP 400",
                ConsentMessageRefusedException.Reason.UNKNOWN_REQUEST, "HTTP 404",
                ConsentMessageRefusedException.Reason.CONFLICT, "HTTP 409");
        statuses.forEach((reason, status) -> {
            inboxAnswer = new ConsentMessageRefusedException(reason, "because " + reason);
            ConsentDeliveryException refused = assertThrows(ConsentDeliveryException.class,
                    () -> yCourier.deliver(x.id(), MessageKind.ANSWER, BODY));
            assertTrue(refused.getMessage(), refused.permanent());
            assertTrue(refused.getMessage(), refused.getMessage().contains(status)
                    && refused.getMessage().contains("because " + reason));
        });
        inboxAnswer = new IllegalStateException("the database is gone");
        ConsentDeliveryException failed = assertThrows(ConsentDeliveryException.class,
                () -> yCourier.deliver(x.id(), MessageKind.ANSWER, BODY));
        assertFalse(failed.getMessage(), failed.permanent());
        assertTrue(failed.getMessage(), failed.getMessage().contains("HTTP 500"));
        assertEquals(List.of(), received);
    }

    @Test
    public void aNodeThatIsNoPeerIsRefusedEitherWay() throws Exception {
        TestNodeIdentity z = new TestNodeIdentity();
        Reply fromZ = send(z, "requests", BODY, null);
        assertEquals(401, fromZ.status());
        assertTrue(fromZ.message(), fromZ.message().contains("not a peer"));

        assertTrue(xPeers.remove(y.id()));
        ConsentDeliveryException notKnown = assertThrows(ConsentDeliveryException.class,
                () -> yCourier.deliver(x.id(), MessageKind.REQUEST, BODY));
        assertTrue(notKnown.getMessage(), notKnown.getMessage().contains("HTTP 401"));
        assertFalse("X may add Y again: worth another try", notKnown.permanent());

        assertTrue(yPeers.remove(x.id()));
        ConsentDeliveryException noPeer = assertThrows(ConsentDeliveryException.class,
                () -> yCourier.deliver(x.id(), MessageKind.REQUEST, BODY));
        assertTrue(noPeer.getMessage(), noPeer.getMessage().contains("not a peer"));
        assertEquals(List.of(), received);
    }

    @Test
    public void unsignedForgedReplayedAndOversizedMessagesAreRefused() throws Exception {
        assertEquals(401, post("requests", BODY, Map.of()).status());
        assertTrue(post("requests", BODY, Map.of()).message().contains("not signed"));

        URI target = xUrl.resolve(SignedConsentCourier.PATH + "requests");
        Map<String, String> signed = new RequestSignatures(Clock.systemUTC()).sign(y, "POST", target, BODY);
        Reply changed = post("requests", "{\"requestId\":\"y\"}".getBytes(StandardCharsets.UTF_8), signed);
        assertEquals(401, changed.status());
        assertTrue(changed.message(), changed.message().contains("Content-Digest"));
        Reply elsewhere = post("answers", BODY, signed);
        assertEquals("signed for another endpoint", 401, elsewhere.status());
        Ed25519KeyPair impostor = Ed25519KeyPair.generate();
        Map<String, String> forged = new RequestSignatures(Clock.systemUTC()).sign(new NodeIdentity() {
            @Override
            public String id() {
                return y.id();
            }

            @Override
            public Ed25519PublicKey publicKey() {
                return y.publicKey();
            }

            @Override
            public byte[] sign(byte[] message) {
                return impostor.sign(message);
            }

            @Override
            public byte[] open(String purpose, byte[] sealed, byte[] aad) {
                throw new UnsupportedOperationException("only signs");
            }
        }, "POST", target, BODY);
        Reply forgery = post("requests", BODY, forged);
        assertEquals(401, forgery.status());
        assertTrue(forgery.message(), forgery.message().contains("does not verify"));

        assertEquals(200, post("requests", BODY, signed).status());
        Reply replay = post("requests", BODY, signed);
        assertEquals(401, replay.status());
        assertTrue(replay.message(), replay.message().contains("replay"));
        assertEquals(1, received.size());

        byte[] huge = new byte[ConsentEndpoint.MAX_BODY_BYTES + 1];
        int hugeStatus;
        try {
            hugeStatus = send(y, "requests", huge, null).status();
        } catch (java.io.IOException closedBeforeTheBodyWasSent) {
            // The endpoint answers 413 on the Content-Length alone and the test server then closes the connection;
            // a client still sending the body may see the close before the answer. Refused either way.
            hugeStatus = 413;
        }
        assertEquals(413, hugeStatus);
        assertEquals(404, send(y, "others", BODY, null).status());
        assertEquals(405, send(y, "requests", BODY, "PUT").status());
        assertEquals(1, received.size());
    }

    @Test
    public void aPeerOverItsRateIsAnswered429AndItsRefusedRequestsTakeNoNonce() throws Exception {
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(send(y, "requests", BODY, null).status());
        }

        assertTrue(statuses.toString(), statuses.contains(429));
        assertEquals("what got through reached the inbox, the rest did not",
                statuses.stream().filter(status -> status == 200).count(), received.size());
        assertEquals(0, statuses.stream().filter(status -> status != 200 && status != 429).count());
    }

    @Test
    public void aPeerWhoseConsentEndpointIsNotUpYetIsTriedAgainLater() throws IOException {
        // Y's own server plays a node that answers at /api/node but serves no consent endpoint yet: the web
        // server's 404, not the endpoint's refusal.
        TestNodeIdentity starting = new TestNodeIdentity();
        HttpServer server = node(starting, null);
        try {
            yPeers.add(urlOf(server));
            ConsentDeliveryException notYet = assertThrows(ConsentDeliveryException.class,
                    () -> yCourier.deliver(starting.id(), MessageKind.REQUEST, BODY));
            assertTrue(notYet.getMessage(), notYet.getMessage().contains("HTTP 404"));
            assertFalse("worth another try", notYet.permanent());
        } finally {
            server.stop(0);
        }
    }

    @Test
    public void aNodeThatCannotBeReachedIsTriedAgainLater() {
        xServer.stop(0);
        ConsentDeliveryException offline = assertThrows(ConsentDeliveryException.class,
                () -> yCourier.deliver(x.id(), MessageKind.REQUEST, BODY));
        assertFalse(offline.permanent());
        assertTrue(offline.getMessage(), offline.getMessage().contains("cannot reach"));
    }

    /** A reply of X: status and the message of its JSON body. */
    private record Reply(int status, String message) {
    }

    /** Sends {@code body} to X's endpoint {@code path}, signed by {@code signer}. */
    private Reply send(TestNodeIdentity signer, String path, byte[] body, String method) throws Exception {
        URI target = xUrl.resolve(SignedConsentCourier.PATH + path);
        Map<String, String> headers = new RequestSignatures(Clock.systemUTC()).sign(signer,
                method == null ? "POST" : method, target, body);
        return exchange(target, method == null ? "POST" : method, body, headers);
    }

    private Reply post(String path, byte[] body, Map<String, String> headers) throws Exception {
        return exchange(xUrl.resolve(SignedConsentCourier.PATH + path), "POST", body, headers);
    }

    private Reply exchange(URI target, String method, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).method(method,
                HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), JSON.readTree(response.body()).path("message").asText());
    }

    /**
     * A node played on the loopback interface: its card at /api/node, and if {@code endpoint} is given, the consent
     * endpoints as the servlet serves them.
     */
    private static HttpServer node(TestNodeIdentity identity, ConsentEndpoint endpoint) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/node", exchange -> respond(exchange, 200, ("{\"id\":\"" + identity.id()
                + "\",\"publicKey\":\"" + identity.publicKey().base64() + "\",\"name\":\"n\",\"version\":\"0.1.0\",\"protocol\":" + org.dump.federation.FederationProtocol.VERSION + ","
                + "\"publicBaseUrl\":\"http://x/\",\"modules\":[]}").getBytes(StandardCharsets.UTF_8)));
        if (endpoint != null) {
            server.createContext(ConsentEndpoint.PREFIX + "/", exchange -> {
                URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + exchange.getRequestURI());
                String length = exchange.getRequestHeaders().getFirst("Content-Length");
                try (InputStream in = exchange.getRequestBody()) {
                    ConsentEndpoint.Answer answer = endpoint.handle(exchange.getRequestMethod(),
                            exchange.getRequestURI().getPath().substring(ConsentEndpoint.PREFIX.length()), target,
                            name -> exchange.getRequestHeaders().getFirst(name),
                            length == null ? -1 : Long.parseLong(length), in, "127.0.0.1");
                    respond(exchange, answer.status(), JSON.writeValueAsBytes(answer.body()));
                } catch (RuntimeException e) {
                    respond(exchange, 500, "{\"message\":\"the node failed\"}".getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        server.start();
        return server;
    }

    private static URI urlOf(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
