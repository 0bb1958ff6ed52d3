package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;


import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerRefusedException;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

import com.sun.net.httpserver.HttpServer;

/**
 * The peer directory on its real persistence unit and embedded Derby, against nodes played by an HTTP server on
 * the loopback interface: honest ones, and ones that lie about their id, change their key, answer garbage or
 * nothing.
 */
public class JpaPeerDirectoryTest {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder, JpaPeerDirectory.UNIT);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    private final Ed25519KeyPair self = Ed25519KeyPair.generate();
    private HttpServer server;
    /** What the played node answers at /api/node: status and body. */
    private volatile int status = 200;
    private volatile String answer;
    private JpaPeerDirectory peers;
    private URI url;

    @Before
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/node", exchange -> {
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        peers = new JpaPeerDirectory(database.transactions(), new TestNodeIdentity(self),
                frontDoor(), Clock.systemUTC());
    }

    @After
    public void stop() {
        server.stop(0);
    }

    @Test
    public void anHonestNodeBecomesAPeerWithItsKeyPinned() {
        Ed25519KeyPair y = Ed25519KeyPair.generate();
        answer = card(y.publicKey(), y.publicKey().fingerprint(), "Y", "{\"id\":\"market\",\"dataVersion\":\"1.0.0\"}");

        Peer peer = peers.add(URI.create(url.toString().replaceAll("/$", "") + "?x=1"));

        assertEquals(y.publicKey().fingerprint(), peer.nodeId());
        assertEquals(y.publicKey().base64(), peer.publicKey());
        assertEquals("Y", peer.name());
        assertEquals(List.of("market@1.0.0"), peer.modules());
        assertTrue(peer.reachable());
        assertEquals(url, peer.url());
        assertEquals(URI.create("https://node.example:8443/dump/"),
                PeerAddresses.baseOf(URI.create("HTTPS://Node.Example:8443/dump?q#f")));
        assertEquals(List.of(peer), peers.list());
        assertEquals(peer, peers.find(peer.nodeId()).orElseThrow());
    }

    @Test
    public void liesAndGarbageAreRefusedAndNothingIsStored() {
        Ed25519KeyPair y = Ed25519KeyPair.generate();
        Ed25519KeyPair other = Ed25519KeyPair.generate();
        List<String> lies = List.of(
                card(y.publicKey(), other.publicKey().fingerprint(), "claims another's id", ""),
                "{\"id\":\"x\",\"publicKey\":\"not base64!\",\"modules\":[]}",
                "{\"id\":\"x\",\"modules\":[]}",
                "<html>a web server</html>",
                "[]",
                "{\"id\":\"" + "x".repeat(70_000) + "\"}");
        for (String lie : lies) {
            answer = lie;
            PeerRefusedException refused = assertThrows(PeerRefusedException.class, () -> peers.add(url));
            assertTrue(refused.getMessage(), refused.getMessage().contains(url.toString()));
        }
        answer = card(y.publicKey(), y.publicKey().fingerprint(), "Y", "");
        status = 500;
        assertThrows(PeerRefusedException.class, () -> peers.add(url));
        assertEquals(List.of(), peers.list());
    }

    /** A node of an older release (protocol 1: no "protocol" in its front door) is refused, naming both versions. */
    @Test
    public void aNodeOfAnotherProtocolIsRefusedNamingBothVersions() {
        Ed25519KeyPair y = Ed25519KeyPair.generate();
        for (String old : List.of(card(y.publicKey(), y.publicKey().fingerprint(), "Y", "").replace("\"protocol\":4,",
                ""), card(y.publicKey(), y.publicKey().fingerprint(), "Y", "").replace("\"protocol\":4", "\"protocol\":2"))) {
            answer = old;
            String message = assertThrows(PeerRefusedException.class, () -> peers.add(url)).getMessage();
            assertTrue(message, message.contains("protocol " + org.dump.federation.FederationProtocol.VERSION) && (message.contains("protocol 1")
                    || message.contains("protocol 2")));
        }
        assertEquals(List.of(), peers.list());
    }

    @Test
    public void thisNodeAndBadAddressesAreRefused() {
        answer = card(self.publicKey(), self.publicKey().fingerprint(), "me", "");
        assertTrue(assertThrows(PeerRefusedException.class, () -> peers.add(url)).getMessage().contains("this node"));
        assertThrows(PeerRefusedException.class, () -> peers.add(URI.create("ftp://127.0.0.1/")));
        assertThrows(PeerRefusedException.class, () -> peers.add(URI.create("file:/etc/passwd")));
        server.stop(0);
        assertTrue(assertThrows(PeerRefusedException.class, () -> peers.add(url)).getMessage().contains("cannot reach"));
        assertEquals(List.of(), peers.list());
    }

    @Test
    public void aPeerThatChangesItsKeyIsRefusedAndKeepsThePinnedOne() {
        Ed25519KeyPair y = Ed25519KeyPair.generate();
        answer = card(y.publicKey(), y.publicKey().fingerprint(), "Y", "");
        Peer pinned = peers.add(url);

        Ed25519KeyPair impostor = Ed25519KeyPair.generate();
        answer = card(impostor.publicKey(), impostor.publicKey().fingerprint(), "Y", "");
        assertThrows(PeerRefusedException.class, () -> peers.add(url));
        peers.refresh();

        Peer after = peers.find(pinned.nodeId()).orElseThrow();
        assertEquals(y.publicKey().base64(), after.publicKey());
        assertFalse(after.reachable());
        assertTrue(after.lastError(), after.lastError().contains("another key"));
        assertEquals(1, peers.list().size());

        answer = card(y.publicKey(), y.publicKey().fingerprint(), "Y again", "");
        peers.refresh();
        Peer back = peers.find(pinned.nodeId()).orElseThrow();
        assertTrue(back.reachable());
        assertNull(back.lastError());
        assertEquals("Y again", back.name());
    }

    @Test
    public void aPeerAddedAgainAtAnotherAddressMovesThereWithItsKeyAndWhatIsKnownOfIt() throws IOException {
        Ed25519KeyPair y = Ed25519KeyPair.generate();
        answer = card(y.publicKey(), y.publicKey().fingerprint(), "Y", "");
        Peer first = peers.add(url);
        peers.mutuality(first.nodeId(), org.dump.federation.Mutuality.ONE_SIDED, "takes no more peers");
        peers.misbehaved(first.nodeId(), 2, "sent a malformed batch");
        URI other = URI.create("http://localhost:" + server.getAddress().getPort() + "/");

        // Only the administrator's peer-add moves a peer: a copy of its public front door elsewhere must not.
        PeerRefusedException refused = assertThrows(PeerRefusedException.class, () -> peers.add(other));
        assertTrue(refused.getMessage(), refused.getMessage().contains("is a peer already, at " + url));
        assertEquals(url, peers.find(first.nodeId()).orElseThrow().url());

        Peer moved = peers.addOrMove(other);

        assertEquals(other, moved.url());
        assertEquals(first.publicKey(), moved.publicKey());
        assertEquals(2, moved.refusals());
        assertEquals(1, peers.list().size());
        database.reopen();
        Peer kept = new JpaPeerDirectory(database.transactions(), new TestNodeIdentity(self),
                frontDoor(), Clock.systemUTC()).find(first.nodeId()).orElseThrow();
        assertEquals("a restart keeps whether it takes this node", org.dump.federation.Mutuality.ONE_SIDED,
                kept.mutuality());
        assertEquals("takes no more peers", kept.mutualityNote());
        assertEquals(other, kept.url());
    }

    @Test
    public void aPeerIsRemovedByIdOrAddress() {
        Ed25519KeyPair y = Ed25519KeyPair.generate();
        answer = card(y.publicKey(), y.publicKey().fingerprint(), "Y", "");
        Peer peer = peers.add(url);
        assertFalse(peers.remove("nosuchpeer"));
        assertTrue(peers.remove(url.toString()));
        assertTrue(peers.list().isEmpty());
        peers.add(url);
        assertTrue(peers.remove(peer.nodeId()));
        assertTrue(peers.find(peer.nodeId()).isEmpty());
    }

    @Test
    public void refusalsAreCountedAgainstAPeerAndSyncsNoted() {
        Ed25519KeyPair y = Ed25519KeyPair.generate();
        answer = card(y.publicKey(), y.publicKey().fingerprint(), "Y", "");
        String id = peers.add(url).nodeId();

        peers.misbehaved(id, 3, "3 record(s) refused, e.g. a bad signature");
        peers.misbehaved(id, 1, "sent a malformed batch");
        peers.synced(id);

        Peer peer = peers.find(id).orElseThrow();
        assertEquals(4, peer.refusals());
        assertEquals("sent a malformed batch", peer.lastError());
        assertTrue(peer.lastSync() != null);
    }

    @Test
    public void knownNodesAreThePeersOfPeersThatAreNotPeersAndCandidatesRunOneOfOurModules() {
        Ed25519KeyPair y = Ed25519KeyPair.generate();
        answer = card(y.publicKey(), y.publicKey().fingerprint(), "Y", "");
        String yId = peers.add(url).nodeId();
        JpaKnownNodes known = new JpaKnownNodes(database.transactions(), new TestNodeIdentity(self), peers,
                Clock.systemUTC());
        Ed25519KeyPair z = Ed25519KeyPair.generate();
        Ed25519KeyPair w = Ed25519KeyPair.generate();
        URI zUrl = URI.create("http://127.0.0.1:1/");
        URI wUrl = URI.create("http://127.0.0.1:2/");

        int fresh = known.learn(yId, List.of(
                introduction(url, y.publicKey(), "Y", ""),
                introduction(url, self.publicKey(), "me", ""),
                introduction(zUrl, z.publicKey(), "Z", "{\"id\":\"market\",\"dataVersion\":\"1.0.0\"}"),
                introduction(wUrl, w.publicKey(), "W", "")));

        assertEquals("Y is a peer and this node is itself: only Z and W are news", 2, fresh);
        assertEquals(java.util.Set.of(z.publicKey().fingerprint(), w.publicKey().fingerprint()), known.list().stream()
                .map(org.dump.federation.KnownNode::nodeId).collect(java.util.stream.Collectors.toSet()));
        assertEquals(List.of(z.publicKey().fingerprint()), known.candidates(java.util.Set.of("market")).stream()
                .map(org.dump.federation.KnownNode::nodeId).toList());

        known.tried(z.publicKey().fingerprint(), "does not answer", PeerView.RETRY_UNANSWERED);
        assertEquals("tried since: not again yet", List.of(), known.candidates(java.util.Set.of("market")));
        assertEquals("does not answer", known.list().stream()
                .filter(k -> k.nodeId().equals(z.publicKey().fingerprint())).findFirst().orElseThrow().lastError());
    }

    private static JpaKnownNodes.Introduction introduction(URI at, org.dump.crypto.Ed25519PublicKey key, String name,
            String modules) {
        return new JpaKnownNodes.Introduction(at, NodeFrontDoor.card(at, card(key, key.fingerprint(), name, modules)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private NodeFrontDoor frontDoor() {
        return new NodeFrontDoor(new PeerClient(new TestNodeIdentity(self)), Duration.ofSeconds(2));
    }

    private static String card(Ed25519PublicKey key, String id, String name, String modules) {
        return "{\"id\":\"" + id + "\",\"publicKey\":\"" + key.base64() + "\",\"name\":\"" + name
                + "\",\"version\":\"0.1.0\",\"protocol\":" + org.dump.federation.FederationProtocol.VERSION + ",\"publicBaseUrl\":\"http://x/\",\"modules\":[" + modules + "]}";
    }
}
