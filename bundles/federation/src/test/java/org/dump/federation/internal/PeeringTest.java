package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.dump.federation.Mutuality;
import org.dump.federation.Peer;
import org.dump.federation.PeerAddition;
import org.dump.federation.PeerRequest;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * Peering from one side, between two played nodes over real HTTP on loopback, each with its own Derby database and
 * real signatures: A adds B, and B takes A in turn, keeps A's request for its administrator, or says why not; A
 * backs off and asks again; forged, mismatched and malformed hellos change nothing.
 */
public class PeeringTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TemporaryFolder aFolder = new TemporaryFolder();
    private final TemporaryFolder bFolder = new TemporaryFolder();
    private final NodeDatabase aDatabase = new NodeDatabase(aFolder, JpaPeerDirectory.UNIT);
    private final NodeDatabase bDatabase = new NodeDatabase(bFolder, JpaPeerDirectory.UNIT);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(aFolder).around(bFolder).around(aDatabase).around(bDatabase);

    private final HttpClient http = HttpClient.newHttpClient();
    private PlayedNode a;
    private PlayedNode b;

    @Before
    public void twoNodes() throws Exception {
        a = new PlayedNode("A", aDatabase);
        b = new PlayedNode("B", bDatabase);
    }

    @After
    public void stop() {
        a.close();
        b.close();
    }

    @Test
    public void aNodeAddedOnOneSideTakesTheAdderInTurn() throws Exception {
        PeerAddition added = a.peering.add(b.url);

        assertEquals(Mutuality.MUTUAL, added.mutuality());
        assertEquals("taken as a peer", added.note());
        Peer aOnB = b.directory.find(a.id()).orElseThrow();
        assertEquals("B pinned the key A signed with", a.identity.publicKey().base64(), aOnB.publicKey());
        assertEquals(a.url, aOnB.url());
        assertEquals(Mutuality.MUTUAL, aOnB.mutuality());
        assertEquals("A noted it", Mutuality.MUTUAL, a.directory.find(b.id()).orElseThrow().mutuality());
        assertEquals("B catches up with its new peer at once", List.of(a.id()), b.caughtUpWith);
        assertEquals("and A with B, which takes it now", List.of(b.id()), a.caughtUpWith);
        assertEquals(200, push(a, b).statusCode());

        assertEquals("already a peer", a.peering.add(b.url).note());
        PeerAddition back = b.peering.add(a.url);
        assertEquals(Mutuality.MUTUAL, back.mutuality());
        assertEquals("already a peer", back.note());
        assertEquals(1, b.directory.list().size());
        assertEquals(1, a.directory.list().size());
    }

    @Test
    public void aNodeThatTakesNoMorePeersSaysSoAndIsAskedAgainUntilItDoes() throws Exception {
        b.wantsPeers.set(false);

        PeerAddition added = a.peering.add(b.url);

        assertEquals(Mutuality.ONE_SIDED, added.mutuality());
        assertTrue(added.note(), added.note().contains("takes no more peers"));
        assertEquals("A keeps B as its peer", 1, a.directory.list().size());
        assertEquals(List.of(), b.directory.list());
        Peer bOnA = a.directory.find(b.id()).orElseThrow();
        assertEquals(Mutuality.ONE_SIDED, bOnA.mutuality());
        assertTrue(bOnA.mutualityNote(), bOnA.mutualityNote().contains("takes no more peers"));
        assertFalse("nothing is pushed to it", a.standing.mayContact(b.id()));
        assertEquals(1, a.news.size());
        assertTrue(a.news.get(0), a.news.get(0).contains("does not take this node as its peer"));
        assertEquals(401, push(a, b).statusCode());

        a.peering.askAgain();
        assertEquals("not before its wait", Mutuality.ONE_SIDED, a.standing.of(b.id()));
        b.wantsPeers.set(true); // B has room again: A's next hello is taken, with nothing to do on A's side
        awaitHelloDue(a, b);
        a.peering.askAgain();

        assertEquals(Mutuality.MUTUAL, a.standing.of(b.id()));
        assertEquals(Mutuality.MUTUAL, a.directory.find(b.id()).orElseThrow().mutuality());
        assertTrue(b.directory.find(a.id()).isPresent());
        assertEquals(2, a.news.size());
        assertTrue(a.news.get(1), a.news.get(1).contains("takes this node as its peer again"));
        assertEquals(200, push(a, b).statusCode());
    }

    @Test
    public void aNodeThatApprovesPeersByHandKeepsTheRequestUntilItsAdministratorApproves() throws Exception {
        b.admission.acceptPeers("manual");

        PeerAddition added = a.peering.add(b.url);

        assertEquals(Mutuality.PENDING, added.mutuality());
        assertTrue(added.note(), added.note().contains("approval"));
        assertEquals(List.of(), b.directory.list());
        List<PeerRequest> requests = b.peering.requests();
        assertEquals(1, requests.size());
        PeerRequest request = requests.get(0);
        assertEquals(a.id(), request.nodeId());
        assertEquals(a.identity.publicKey().base64(), request.publicKey());
        assertEquals(a.url, request.url());
        assertEquals(PeerRequest.State.PENDING, request.state());
        assertEquals(Mutuality.PENDING, a.directory.find(b.id()).orElseThrow().mutuality());

        awaitHelloDue(a, b);
        a.peering.askAgain();
        assertEquals("one request however often A asks", 1, b.peering.requests().size());
        assertEquals(2, b.peering.requests().get(0).hellos());

        PeerAddition approved = b.peering.approve(a.id());

        assertEquals("A had B as its peer already", Mutuality.MUTUAL, approved.mutuality());
        assertEquals(a.identity.publicKey().base64(), b.directory.find(a.id()).orElseThrow().publicKey());
        assertEquals(List.of(), b.peering.requests());
        assertEquals("B's hello tells A at once", Mutuality.MUTUAL, a.standing.of(b.id()));
        assertTrue(a.news.toString(), a.news.get(a.news.size() - 1).contains("takes this node as its peer again"));
        assertEquals(200, push(a, b).statusCode());
    }

    @Test
    public void aNodeThatTakesNoPeersOnAHelloRefusesItButStillGreetsItsOwnPeers() throws Exception {
        b.admission.acceptPeers("none");

        PeerAddition added = a.peering.add(b.url);

        assertEquals(Mutuality.ONE_SIDED, added.mutuality());
        assertTrue(added.note(), added.note().contains("acceptPeers = none"));
        assertEquals(List.of(), b.directory.list());
        assertEquals("not even kept as a request", List.of(), b.peering.requests());

        b.peering.add(a.url); // by hand: its hello to A tells A at once
        assertTrue(b.directory.find(a.id()).isPresent());
        assertEquals(Mutuality.MUTUAL, a.standing.of(b.id()));
        assertEquals(200, push(a, b).statusCode());
    }

    @Test
    public void aRefusedRequestIsAnsweredSoUntilItIsApproved() throws Exception {
        b.admission.acceptPeers("manual");
        a.peering.add(b.url);

        PeerRequest refused = b.peering.refuse(a.url.toString());
        assertEquals(PeerRequest.State.REFUSED, refused.state());
        awaitHelloDue(a, b);
        a.peering.askAgain();

        Peer bOnA = a.directory.find(b.id()).orElseThrow();
        assertEquals(Mutuality.ONE_SIDED, bOnA.mutuality());
        assertTrue(bOnA.mutualityNote(), bOnA.mutualityNote().contains("refused"));
        b.admission.acceptPeers("auto");
        awaitHelloDue(a, b);
        a.peering.askAgain();
        assertEquals("a refusal stands when the node takes peers by itself again", List.of(), b.directory.list());
        assertEquals(PeerRequest.State.REFUSED, b.peering.requests().get(0).state());

        assertEquals(Mutuality.MUTUAL, b.peering.approve(a.id()).mutuality());
        assertEquals(Mutuality.MUTUAL, a.standing.of(b.id()));
    }

    @Test
    public void forgedMismatchedAndMalformedHellosAreRefusedAndChangeNothing() throws Exception {
        PlayedNode c = new PlayedNode("C", aDatabase); // shares A's database: only its key and address matter here
        try {
            b.peering.add(c.url); // a peer B has, which no hello may change
            TestNodeIdentity mallory = new TestNodeIdentity();
            URI hello = b.url.resolve(MutualPeering.PATH);
            byte[] aHello = JSON.writeValueAsBytes(Map.of("url", a.url.toString()));

            assertStatus(401, "not signed", post(hello, aHello, Map.of()));
            Map<String, String> signedByMallory = sign(mallory, hello, aHello);
            assertStatus(401, "presents node " + a.id(), post(hello, aHello, signedByMallory));
            Map<String, String> claimingA = new LinkedHashMap<>(signedByMallory);
            claimingA.put("Signature-Input", signedByMallory.get("Signature-Input").replace(mallory.id(), a.id()));
            assertStatus(401, "does not verify", post(hello, aHello, claimingA));
            assertStatus(401, "does not verify", post(hello, aHello, forgedAs(c, mallory, hello, aHello)));
            Map<String, String> tampered = sign(a.identity, hello, aHello);
            byte[] sameUrlOtherBytes = ("{\"url\": \"" + a.url + "\"}").getBytes(StandardCharsets.UTF_8);
            assertStatus(401, "Content-Digest", post(hello, sameUrlOtherBytes, tampered));
            for (String body : List.of("not json", "{}", "{\"url\":\"ftp://127.0.0.1/\"}", "{\"url\":42}",
                    "{\"url\":\"http://127.0.0.1:1/\"}")) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                assertStatus(400, "", post(hello, bytes, sign(a.identity, hello, bytes)));
            }

            assertEquals("B took nobody", List.of(c.id()), b.directory.list().stream().map(Peer::nodeId).toList());
            assertEquals("and kept C's key", c.identity.publicKey().base64(),
                    b.directory.find(c.id()).orElseThrow().publicKey());
            assertEquals(List.of(), b.peering.requests());

            b.admission.acceptPeers("manual");
            Map<String, String> honest = sign(a.identity, hello, aHello);
            assertStatus(202, "approval", post(hello, aHello, honest));
            assertStatus(401, "replay", post(hello, aHello, honest));
            assertEquals(1, b.peering.requests().size());
        } finally {
            c.close();
        }
    }

    /**
     * A stranger's front door answers as the stranger to the hello's first reading, then as a copy of a peer's public
     * front door: the peer keeps its address and stays a peer (before, it was moved there and then removed).
     */
    @Test
    public void aHelloNamingACopyOfAPeersFrontDoorNeitherMovesNorRemovesThatPeer() throws Exception {
        PlayedNode c = new PlayedNode("C", aDatabase); // shares A's database: only its key and address matter here
        TestNodeIdentity mallory = new TestNodeIdentity();
        HttpServer copycat = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        URI copycatUrl = URI.create("http://127.0.0.1:" + copycat.getAddress().getPort() + "/");
        AtomicInteger readings = new AtomicInteger();
        byte[] malloryCard = JSON.writeValueAsBytes(Map.of("id", mallory.id(), "publicKey",
                mallory.publicKey().base64(), "name", "M", "version", "0.1.0", "protocol", org.dump.federation.FederationProtocol.VERSION, "publicBaseUrl",
                copycatUrl.toString(),
                "modules", List.of()));
        byte[] copyOfC = http.send(HttpRequest.newBuilder(c.url.resolve("api/node")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        copycat.createContext("/api/node", exchange -> {
            byte[] bytes = readings.getAndIncrement() == 0 ? malloryCard : copyOfC;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        copycat.start();
        try {
            b.peering.add(c.url);
            URI hello = b.url.resolve(MutualPeering.PATH);
            byte[] body = JSON.writeValueAsBytes(Map.of("url", copycatUrl.toString()));

            HttpResponse<String> answer = post(hello, body, sign(mallory, hello, body));

            assertEquals(answer.body(), 409, answer.statusCode());
            assertTrue("the front door was read twice", readings.get() >= 2);
            Peer kept = b.directory.find(c.id()).orElseThrow(() -> new AssertionError("B lost its peer C"));
            assertEquals("C stays where B's administrator added it", c.url, kept.url());
            assertEquals(List.of(c.id()), b.directory.list().stream().map(Peer::nodeId).toList());
        } finally {
            copycat.stop(0);
            c.close();
        }
    }

    /**
     * Issue 25: a node that cannot be reached tells its peers its address at a relay in a hello signed with its own
     * key, and they move it there, but only where that address presents its pinned key.
     */
    @Test
    public void aPeerMovesWhereItsOwnSignedHelloSaysOnlyIfThatAddressPresentsItsKey() throws Exception {
        PlayedNode c = new PlayedNode("C", aDatabase); // shares A's database: only its key and address matter here
        HttpServer relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        URI atRelay = URI.create("http://127.0.0.1:" + relay.getAddress().getPort() + "/relay/" + c.id() + "/");
        URI elsewhere = URI.create("http://127.0.0.1:" + relay.getAddress().getPort() + "/relay/other/");
        byte[] cardOfC = http.send(HttpRequest.newBuilder(c.url.resolve("api/node")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        TestNodeIdentity mallory = new TestNodeIdentity();
        byte[] malloryCard = JSON.writeValueAsBytes(Map.of("id", mallory.id(), "publicKey",
                mallory.publicKey().base64(), "name", "M", "version", "0.1.0", "protocol",
                org.dump.federation.FederationProtocol.VERSION, "modules", List.of()));
        relay.createContext("/relay/", exchange -> {
            byte[] bytes = exchange.getRequestURI().getPath().startsWith(atRelay.getPath()) ? cardOfC : malloryCard;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        relay.start();
        try {
            b.peering.add(c.url);
            URI hello = b.url.resolve(MutualPeering.PATH);
            byte[] moving = JSON.writeValueAsBytes(Map.of("url", atRelay.toString()));
            HttpResponse<String> answer = post(hello, moving, sign(c.identity, hello, moving));
            assertEquals(answer.body(), 200, answer.statusCode());
            assertTrue(answer.body(), answer.body().contains("now at " + atRelay));
            assertEquals(atRelay, b.directory.find(c.id()).orElseThrow().url());

            byte[] astray = JSON.writeValueAsBytes(Map.of("url", elsewhere.toString()));
            answer = post(hello, astray, sign(c.identity, hello, astray));
            assertEquals("still a peer: only not moved", 200, answer.statusCode());
            assertTrue(answer.body(), answer.body().contains("not moved to " + elsewhere));
            assertEquals("C stays where its key answers", atRelay, b.directory.find(c.id()).orElseThrow().url());

            answer = post(hello, astray, forgedAs(c, mallory, hello, astray));
            assertEquals(answer.body(), 401, answer.statusCode());
            assertEquals(atRelay, b.directory.find(c.id()).orElseThrow().url());
        } finally {
            relay.stop(0);
            c.close();
        }
    }

    /**
     * Issue 25: two nodes behind NAT lose their relay; neither can tell the other its new address. A third names it
     * in peer exchange, and the peer follows only where the node's own signed address statement says so.
     */
    @Test
    public void aSilentPeerIsFollowedToTheAddressItSignedAndNowhereElse() throws Exception {
        PlayedNode c = new PlayedNode("C", aDatabase); // shares A's database: only its key and address matter here
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
        URI moved = URI.create(base + "/relay/" + c.id() + "/");
        URI unsigned = URI.create(base + "/relay/unsigned/");
        URI replayed = URI.create(base + "/relay/replayed/");
        Map<String, Object> cardOfC = JSON.readValue(http.send(HttpRequest.newBuilder(c.url.resolve("api/node"))
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body(), Map.class);
        elsewhere.createContext("/relay/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Map<String, Object> card = new java.util.HashMap<>(cardOfC);
            if (path.startsWith(moved.getPath())) {
                card.put("reachability", statement(c, moved));
            } else if (path.startsWith(replayed.getPath())) {
                card.put("reachability", statement(c, c.url)); // C's word, but for its old address
            }
            byte[] bytes = JSON.writeValueAsBytes(card);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        elsewhere.start();
        try {
            b.peering.add(c.url);
            Peer peer = b.directory.find(c.id()).orElseThrow();
            PeerMoves moves = new PeerMoves(b.directory, b.contacts.view(), b.millis::get);
            assertFalse("a peer that answers where it is stays there", moves.follow(peer, moved));

            b.contacts.unanswered(c.url.resolve("federation/records"));
            assertFalse("no statement: not followed", moves.follow(peer, unsigned));
            b.millis.addAndGet(PeerMoves.AGAIN_MILLIS);
            assertFalse("a statement for another address: not followed", moves.follow(peer, replayed));
            b.millis.addAndGet(PeerMoves.AGAIN_MILLIS);
            assertEquals(c.url, b.directory.find(c.id()).orElseThrow().url());

            assertTrue(moves.follow(peer, moved));
            assertEquals(moved, b.directory.find(c.id()).orElseThrow().url());
        } finally {
            elsewhere.stop(0);
            c.close();
        }
    }

    private static Map<String, Object> statement(PlayedNode node, URI address) {
        AddressStatement said = AddressStatement.of(node.identity, address, java.time.Instant.now());
        return Map.of("mode", "relayed", "address", said.address().toString(), "issued", said.issued(),
                "addressSignature", said.signature());
    }

    /** @return headers of a request signed by {@code signer} but claiming to come from peer {@code peer} */
    private static Map<String, String> forgedAs(PlayedNode peer, TestNodeIdentity signer, URI target, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>(sign(signer, target, body));
        headers.put("Signature-Input", headers.get("Signature-Input").replace(signer.id(), peer.id()));
        return headers;
    }

    /**
     * Issue 22, item 2: hellos signed by fresh keys from 50 addresses once made a node read a front door 5,438 times
     * in 30 s, each address within its own limit. Reading strangers' front doors has one allowance for the whole
     * node, whoever asks.
     */
    @Test
    public void hellosFromManyAddressesMakeTheNodeReadFewFrontDoors() throws Exception {
        AtomicInteger doorsRead = new AtomicInteger();
        TestNodeIdentity door = new TestNodeIdentity();
        HttpServer frontDoor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        frontDoor.createContext("/api/node", exchange -> {
            doorsRead.incrementAndGet();
            byte[] card = JSON.writeValueAsBytes(Map.of("id", door.id(), "publicKey", door.publicKey().base64(),
                    "protocol", org.dump.federation.FederationProtocol.VERSION, "modules", List.of()));
            exchange.sendResponseHeaders(200, card.length);
            exchange.getResponseBody().write(card);
            exchange.close();
        });
        frontDoor.start();
        try {
            long[] now = {0}; // time stands still: only the bursts are allowed
            PeerAdmission admission = new PeerAdmission(b.directory, b.requests, b.standing,
                    new PeerLimits(50, 1 << 30, () -> now[0]), () -> true, id -> { });
            URI hello = b.url.resolve(MutualPeering.PATH);
            byte[] body = JSON.writeValueAsBytes(Map.of("url", "http://127.0.0.1:"
                    + frontDoor.getAddress().getPort() + "/"));
            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (int i = 0; i < 100; i++) {
                Map<String, String> headers = sign(new TestNodeIdentity(), hello, body);
                PeerAdmission.Answer answer = admission.answer(headers::get, "POST", hello, body, "10.0.0." + (i % 50));
                statuses.merge(answer.status(), 1, Integer::sum);
            }
            assertEquals("one burst of front doors, 10, then 429: " + statuses, 10, doorsRead.get());
            assertEquals(statuses.toString(), Map.of(401, 10, 429, 90), statuses);
        } finally {
            frontDoor.stop(0);
        }
    }

    private static Map<String, String> sign(org.dump.node.identity.NodeIdentity signer, URI target, byte[] body) {
        return new RequestSignatures(Clock.systemUTC()).sign(signer, "POST", target, body);
    }

    private HttpResponse<String> push(PlayedNode from, PlayedNode to) throws Exception {
        URI target = to.url.resolve(RecordPush.PATH);
        byte[] body = "{\"records\":[],\"originKeys\":{}}".getBytes(StandardCharsets.UTF_8);
        return post(target, body, sign(from.identity, target, body));
    }

    private HttpResponse<String> post(URI target, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertStatus(int status, String saying, HttpResponse<String> answer) {
        assertEquals(answer.body(), status, answer.statusCode());
        assertTrue(answer.body(), answer.body().contains(saying));
    }

    /** Waits until {@code from}'s next hello to {@code to} is due (the played nodes wait 1 s, then 2, then 4). */
    private static void awaitHelloDue(PlayedNode from, PlayedNode to) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!from.standing.helloDue().contains(to.id()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue("a hello is due", from.standing.helloDue().contains(to.id()));
    }
}
