package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.federation.KnownNode;
import org.dump.federation.Peer;
import org.dump.federation.PeerOrigin;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/**
 * How a peer became one, on the real persistence unit and embedded Derby: kept across restarts, ADMIN for rows of a
 * node upgraded from before the column; and a failed peer moved back among the known nodes is a candidate again after
 * {@link PeerView#RETRY_FAILED_PEER}, sooner than a node that refused.
 */
public class PeerOriginStoreTest {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder, JpaPeerDirectory.UNIT);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    private final Ed25519KeyPair self = Ed25519KeyPair.generate();
    private Instant now = Instant.parse("2026-12-06T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private JpaPeerDirectory peers;

    @Before
    public void open() {
        peers = new JpaPeerDirectory(database.transactions(), new TestNodeIdentity(self),
                new NodeFrontDoor(new PeerClient(new TestNodeIdentity(self)), Duration.ofSeconds(2)), clock);
    }

    @Test
    public void theOriginOfEachPeerIsKeptAcrossARestart() {
        String admin = store("http://a:8181/", PeerOrigin.ADMIN);
        String exchange = store("http://b:8181/", PeerOrigin.EXCHANGE);
        String asked = store("http://c:8181/", PeerOrigin.ASKED);
        database.reopen();
        open();
        assertEquals(PeerOrigin.ADMIN, origin(admin));
        assertEquals(PeerOrigin.EXCHANGE, origin(exchange));
        assertEquals(PeerOrigin.ASKED, origin(asked));
    }

    /** A node's database from before issue 24 has no ORIGIN column: EclipseLink adds it, and old peers stay pinned. */
    @Test
    public void aPeerStoredBeforeTheColumnExistedIsTheAdministratorsAfterTheUpgrade() throws SQLException {
        String old = store("http://old:8181/", PeerOrigin.EXCHANGE);
        try (Connection connection = database.dataSource().getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE DUMP_PEER DROP COLUMN ORIGIN");
        }
        database.reopen(); // what a node's start after the upgrade does: create-or-extend-tables
        open();
        assertEquals(PeerOrigin.ADMIN, origin(old));
        String fresh = store("http://new:8181/", PeerOrigin.ASKED);
        assertEquals("the column is back and written", PeerOrigin.ASKED, origin(fresh));
    }

    @Test
    public void aFailedPeerIsACandidateAgainAfterTwoMinutesARefusingNodeAfterAnHour() {
        JpaKnownNodes known = new JpaKnownNodes(database.transactions(), new TestNodeIdentity(self), peers, clock);
        String gone = store("http://gone:8181/", PeerOrigin.EXCHANGE);
        Peer peer = peers.find(gone).orElseThrow();
        peers.remove(gone);
        known.formerPeer(peer, "3 contacts got no answer", PeerView.RETRY_FAILED_PEER);
        String refusing = store("http://full:8181/", PeerOrigin.EXCHANGE);
        Peer full = peers.find(refusing).orElseThrow();
        peers.remove(refusing);
        known.formerPeer(full, "was a peer", Duration.ZERO);
        known.tried(refusing, "this node takes no more peers", PeerView.RETRY_REFUSED);

        assertEquals(List.of(), candidates(known));
        now = now.plus(PeerView.RETRY_FAILED_PEER);
        assertEquals(List.of(gone), candidates(known));
        assertEquals("a known node again, with why it left", "3 contacts got no answer", known.list().stream()
                .filter(k -> k.nodeId().equals(gone)).findFirst().orElseThrow().lastError());
        now = now.plus(PeerView.RETRY_REFUSED);
        assertEquals(Set.of(gone, refusing), Set.copyOf(candidates(known)));
    }

    private static List<String> candidates(JpaKnownNodes known) {
        return known.candidates(Set.of("market")).stream().map(KnownNode::nodeId).toList();
    }

    private PeerOrigin origin(String nodeId) {
        return peers.find(nodeId).orElseThrow().origin();
    }

    /** @return the node id of a peer stored at {@code url} as taken by {@code origin} */
    private String store(String url, PeerOrigin origin) {
        Ed25519KeyPair key = Ed25519KeyPair.generate();
        URI at = URI.create(url);
        String card = "{\"id\":\"" + key.publicKey().fingerprint() + "\",\"publicKey\":\"" + key.publicKey().base64()
                + "\",\"name\":\"N\",\"version\":\"0.1.0\",\"protocol\":" + org.dump.federation.FederationProtocol.VERSION + ",\"publicBaseUrl\":\"" + url
                + "\",\"modules\":[{\"id\":\"market\",\"dataVersion\":\"1.0.0\"}]}";
        NodeCard read = NodeFrontDoor.card(at, card.getBytes(StandardCharsets.UTF_8));
        database.transactions().write(manager -> {
            manager.persist(new PeerEntity(at, read, now, origin));
            return null;
        });
        return read.id();
    }
}
