package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.time.Clock;
import java.util.List;

import org.dump.federation.KnownNode;
import org.dump.federation.Peer;
import org.dump.federation.PeerOrigin;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.Configs;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/**
 * The node's active view over real HTTP on loopback and real Derby: A has B (its administrator's) and C (taken by
 * peer exchange) as peers and knows D. When B and C stop answering, A takes D at once; after three silent contacts
 * over 30 s, C is moved back among A's known nodes, and B, the administrator's, stays.
 */
public class ActiveViewTest {

    private final TemporaryFolder[] folders = {new TemporaryFolder(), new TemporaryFolder(), new TemporaryFolder(),
            new TemporaryFolder()};
    private final NodeDatabase[] databases = new NodeDatabase[4];

    @Rule
    public final RuleChain rules;

    private PlayedNode a;
    private PlayedNode b;
    private PlayedNode c;
    private PlayedNode d;
    private JpaKnownNodes known;
    private ActiveView view;

    public ActiveViewTest() {
        RuleChain chain = RuleChain.emptyRuleChain();
        for (int i = 0; i < 4; i++) {
            databases[i] = new NodeDatabase(folders[i], JpaPeerDirectory.UNIT);
            chain = chain.around(folders[i]).around(databases[i]);
        }
        rules = chain;
    }

    @Before
    public void fourNodes() throws Exception {
        a = new PlayedNode("A", databases[0]);
        b = new PlayedNode("B", databases[1]);
        c = new PlayedNode("C", databases[2]);
        d = new PlayedNode("D", databases[3]);
        for (PlayedNode node : List.of(a, b, c, d)) {
            node.running.put("market", "1.0.0");
        }
        a.peering.add(b.url);
        a.directory.add(c.url, PeerOrigin.EXCHANGE);
        known = new JpaKnownNodes(databases[0].transactions(), a.identity, a.directory, Clock.systemUTC());
        known.learn(b.id(), List.of(new JpaKnownNodes.Introduction(d.url, a.directory.card(d.url))));
        view = new ActiveView(a.directory, known, a.modules(), a.peering, a.standing, a.contacts, config(2));
    }

    @After
    public void stop() {
        view.stop();
        for (PlayedNode node : List.of(a, b, c, d)) {
            node.close();
        }
    }

    @Test
    public void silentPeersAreReplacedAtOnceAndOnlyThoseTheNodeTookAreDropped() {
        view.check();
        assertEquals("B and C answer: A wants no more", java.util.Set.of(b.id(), c.id()), java.util.Set.copyOf(peerIds()));

        b.server.stop(0);
        c.server.stop(0);
        a.millis.addAndGet(1000);
        a.directory.refresh(); // B and C are silent; D's front door answers (its hello below too)
        view.check();
        assertTrue("D taken in their place: " + peerIds(), peerIds().contains(d.id()));
        assertEquals(PeerOrigin.EXCHANGE, a.directory.find(d.id()).orElseThrow().origin());
        assertTrue("D took A in turn, as asked", d.directory.find(a.id()).isPresent());
        assertEquals(PeerOrigin.ASKED, d.directory.find(a.id()).orElseThrow().origin());
        assertTrue("silent, not failed yet", peerIds().containsAll(List.of(b.id(), c.id())));

        for (int i = 0; i < 3; i++) {
            a.millis.addAndGet(15_000);
            a.directory.refresh(); // D answers: A's own link works
            view.check();
        }
        assertFalse("C failed and is dropped: " + peerIds(), peerIds().contains(c.id()));
        assertEquals("the administrator's B stays", PeerOrigin.ADMIN, a.directory.find(b.id()).orElseThrow().origin());
        KnownNode former = known.list().stream().filter(k -> k.nodeId().equals(c.id())).findFirst().orElseThrow();
        assertTrue(former.lastError(), former.lastError().contains("got no answer"));
        assertEquals("a candidate again only after 2 min", List.of(),
                known.candidates(java.util.Set.of("market")).stream().map(KnownNode::nodeId).toList());
    }

    private List<String> peerIds() {
        return a.directory.list().stream().map(Peer::nodeId).sorted().toList();
    }

    private static ActiveView.Config config(int autoPeers) {
        return Configs.of(ActiveView.Config.class, Map.of("autoPeers", autoPeers, "maxPeers", 16));
    }
}
