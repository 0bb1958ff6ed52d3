package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.dump.api.record.AuthorReference;
import org.dump.federation.Peer;
import org.dump.node.internal.record.TestRecords;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordInventory.Range;
import org.dump.node.record.SignedRecord;
import org.dump.node.testing.FixedModules;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Gossip on node B, with B's real record store (Derby) and the node's own classes: what a push's answer tells its
 * sender to prune, what an announcement makes B wait for and pull, what a graft makes B push, and what malformed
 * announcements get. A's records are real, signed by A.
 */
public class GossipTest {

    private static final RunningModule MARKET = new RunningModule("market", new Version(1, 0, 0), 42,
            "org.dump.module.market", new Version(1, 0, 0));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TemporaryFolder folderA = new TemporaryFolder();
    private final TemporaryFolder folderB = new TemporaryFolder();
    private final TemporaryFolder folderKeysB = new TemporaryFolder();
    private final NodeDatabase recordsOfA = new NodeDatabase(folderA);
    private final NodeDatabase recordsOfB = new NodeDatabase(folderB);
    private final NodeDatabase keysOfB = new NodeDatabase(folderKeysB, JpaPeerDirectory.UNIT);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folderA).around(folderB).around(folderKeysB)
            .around(recordsOfA).around(recordsOfB).around(keysOfB);

    private final TestNodeIdentity a = new TestNodeIdentity();
    private final TestNodeIdentity b = new TestNodeIdentity();
    private final String p1 = new TestNodeIdentity().id();
    private final String p2 = new TestNodeIdentity().id();
    private final AtomicLong now = new AtomicLong();
    private final PeerStanding standing = new PeerStanding(1, 60, System::nanoTime, () -> 0.5, change -> {
    }, List::of);
    private TestRecords onA;
    private TestRecords onB;
    private Gossip gossipOfB;
    private RecordPush pushOfB;
    private RecordReception receptionOfB;

    @Before
    public void start() {
        onA = new TestRecords(recordsOfA.factory(), a, 64 * 1024);
        onB = new TestRecords(recordsOfB.factory(), b, 64 * 1024);
        gossipOfB = new Gossip(b.id(), now::get);
        OriginKeys originKeys = new OriginKeys(b, FixedPeers.NONE, keysOfB.transactions());
        pushOfB = new RecordPush(new PeerClient(b), FixedPeers.NONE, originKeys, standing, gossipOfB,
                RecordPushTest.limits(64, 256));
        receptionOfB = new RecordReception(FixedPeers.NONE, onB.ingest(), market(), pushOfB, originKeys, gossipOfB);
    }

    @After
    public void stop() {
        pushOfB.stop();
    }

    @Test
    public void aPushThatBringsOnlyWhatAnotherPeerPushedIsAnsweredWithAPrune() {
        WireRecords.Batch batch = batchOfA(3);

        RecordReception.Outcome first = receptionOfB.receive(p1, batch, true);
        assertEquals(3, first.stored());
        assertEquals("what is new prunes nothing", List.of(), first.prune());

        RecordReception.Outcome again = receptionOfB.receive(p2, batch, true);
        assertEquals(3, again.duplicates());
        assertEquals("P1 pushes A's records here: P2 is to stop", List.of(new Gossip.Prune("market", "1.0.0",
                List.of(a.id()))), again.prune());

        assertEquals("the peer that pushes A's records is not pruned for a duplicate", List.of(),
                receptionOfB.receive(p1, batch, true).prune());
        assertEquals("records anti-entropy brings tell nothing of a link", List.of(),
                receptionOfB.receive(p2, batch, false).prune());
    }

    @Test
    public void anAnnouncedRecordNoPeerPushesIsPulledAtOnceAndThenAfterTheGraftWait() throws Exception {
        AnnounceEndpoint endpoint = new AnnounceEndpoint(gossipOfB, onB.inventory(), market(), FixedPeers.NONE);
        receptionOfB.receive(p1, batchOfA(2), true); // B holds 1 and 2 of A, pushed by P1
        onA.create(MARKET, "listing", Map.of("title", "three"), null);

        CatchUpEndpoints.Answer answer = endpoint.answer(p2, announce(a.id(), 1, 3));
        assertEquals(200, answer.status());
        assertEquals("only the number B has not seen", 1, JSON.readTree(answer.body()).path("lacked").asInt());
        assertEquals("P1 pushes A's records here: B waits for its push first", Map.of(),
                gossipOfB.due(module -> (origin, sequence) -> false));
        now.addAndGet(GossipTree.GRAFT_AFTER.toNanos());
        assertEquals(Map.of(p2, List.of(new Gossip.GraftRequest("market", "1.0.0", Map.of(a.id(),
                List.of(new Range(3, 3)))))), gossipOfB.due(module -> (origin, sequence) -> false));

        String stranger = new TestNodeIdentity().id();
        endpoint.answer(p2, announce(stranger, 5, 6));
        assertEquals("no peer pushes the stranger's records: pulled at once", Map.of(p2, List.of(
                new Gossip.GraftRequest("market", "1.0.0", Map.of(stranger, List.of(new Range(5, 6)))))),
                gossipOfB.due(module -> (origin, sequence) -> false));
    }

    @Test
    public void aGraftMakesBPushThatOriginsRecordsToTheAsker() throws Exception {
        CatchUpEndpoints endpoints = new CatchUpEndpoints(market(), onB.inventory(), origins -> Map.of(),
                FixedPeers.NONE, gossipOfB);
        Peer one = peer(p1);
        Peer two = peer(p2);
        SignedRecord record = batchOfA(1).records().get(0);
        assertEquals("B pushes A's records to no one yet", List.of(), gossipOfB.route(List.of(one, two),
                Peer::nodeId, record, null).eager());

        byte[] plain = JSON.writeValueAsBytes(Map.of("module", "market", "dataVersion", "1.0.0", "versions",
                Map.of(a.id(), List.of(List.of(1, 1)))));
        assertEquals(200, endpoints.versions(p1, plain).status());
        assertFalse("a request for versions without graft changes nothing",
                gossipOfB.pushesTo(p1, "market", "1.0.0", a.id()));

        byte[] graft = JSON.writeValueAsBytes(Map.of("module", "market", "dataVersion", "1.0.0", "versions",
                Map.of(a.id(), List.of(List.of(1, 1))), "graft", true));
        assertEquals(200, endpoints.versions(p1, graft).status());
        GossipTree.Routes<Peer> routes = gossipOfB.route(List.of(one, two), Peer::nodeId, record, null);
        assertEquals(List.of(one), routes.eager());
        assertEquals(List.of(two), routes.lazy());

        gossipOfB.pruned(p1, List.of(new Gossip.Prune("market", "1.0.0", List.of(a.id()))));
        assertEquals(List.of(), gossipOfB.route(List.of(one, two), Peer::nodeId, record, null).eager());
    }

    @Test
    public void bsOwnRecordsGoToEveryPeerUntilOnePrunesThem() {
        SignedRecord own = new SignedRecord("market", "listing", "r", b.id(), 1, null, 1, 1, "1.0.0", false, "{}",
                "s");
        List<Peer> both = List.of(peer(p1), peer(p2));
        assertEquals(both, gossipOfB.route(both, Peer::nodeId, own, null).eager());
        gossipOfB.pruned(p2, List.of(new Gossip.Prune("market", "1.0.0", List.of(b.id()))));
        GossipTree.Routes<Peer> routes = gossipOfB.route(both, Peer::nodeId, own, null);
        assertEquals(List.of(both.get(0)), routes.eager());
        assertEquals(List.of(both.get(1)), routes.lazy());
    }

    @Test
    public void announcementsWaitAsRangesAndGoOutBeforeRecords() {
        for (long sequence : new long[] {1, 2, 3, 5, 4, 9}) {
            gossipOfB.announce(p1, new SignedRecord("market", "listing", "r" + sequence, a.id(), sequence, null, 1,
                    1, "1.0.0", false, "{}", "s"));
        }
        assertEquals("1–5 joined into one range, 9 another", 2, gossipOfB.announcementsWaiting(p1));
        assertEquals(Map.of("market@1.0.0", Map.of(a.id(), List.of(new Range(1, 5), new Range(9, 9)))),
                gossipOfB.takeAnnouncements(p1));
        assertEquals(0, gossipOfB.announcementsWaiting(p1));
    }

    @Test
    public void malformedOrOversizedAnnouncementsAreRefusedAndNothingIsWaitedFor() throws Exception {
        AnnounceEndpoint endpoint = new AnnounceEndpoint(gossipOfB, onB.inventory(), market(), FixedPeers.NONE);
        List<byte[]> bad = new ArrayList<>();
        bad.add("not json".getBytes(StandardCharsets.UTF_8));
        bad.add("{}".getBytes(StandardCharsets.UTF_8));
        bad.add(JSON.writeValueAsBytes(Map.of("announcements", List.of(Map.of("module", "market")))));
        bad.add(JSON.writeValueAsBytes(Map.of("announcements", List.of(Map.of("module", "market", "dataVersion",
                "1.0.0", "have", Map.of("not-a-node-id", List.of(List.of(1, 2))))))));
        bad.add(JSON.writeValueAsBytes(Map.of("announcements", List.of(Map.of("module", "market", "dataVersion",
                "1.0.0", "have", Map.of(a.id(), List.of(List.of(5, 2))))))));
        List<List<Integer>> tooMany = new ArrayList<>();
        for (int i = 1; i <= AnnounceEndpoint.MAX_RANGES + 1; i++) {
            tooMany.add(List.of(2 * i, 2 * i));
        }
        bad.add(JSON.writeValueAsBytes(Map.of("announcements", List.of(Map.of("module", "market", "dataVersion",
                "1.0.0", "have", Map.of(a.id(), tooMany))))));
        for (byte[] body : bad) {
            CatchUpEndpoints.Answer answer = endpoint.answer(p1, body);
            assertEquals(new String(body, StandardCharsets.UTF_8).substring(0, Math.min(80, body.length)), 400,
                    answer.status());
            assertTrue(JSON.readTree(answer.body()).path("message").asText().length() > 0);
        }
        CatchUpEndpoints.Answer otherModule = endpoint.answer(p1, JSON.writeValueAsBytes(Map.of("announcements",
                List.of(Map.of("module", "forum", "dataVersion", "1.0.0", "have", Map.of(a.id(),
                        List.of(List.of(1, 3))))))));
        assertEquals(200, otherModule.status());
        assertEquals(0, JSON.readTree(otherModule.body()).path("lacked").asInt());
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertEquals("nothing is waited for", Map.of(), gossipOfB.due(module -> (origin, sequence) -> false));
    }

    private byte[] announce(String origin, long from, long to) throws Exception {
        return JSON.writeValueAsBytes(Map.of("announcements", List.of(Map.of("module", "market", "dataVersion",
                "1.0.0", "have", Map.of(origin, List.of(List.of(from, to)))))));
    }

    /** @return the first {@code count} records A wrote (written now if need be), with A's key, as a push carries them */
    private WireRecords.Batch batchOfA(int count) {
        while (onA.inventory().summary("market").isEmpty()
                || onA.inventory().summary("market").get(a.id()).get(0).to() < count) {
            onA.create(MARKET, "listing", Map.of("title", "item"), new AuthorReference("adamadamadamadamadamadamad"));
        }
        List<SignedRecord> records = onA.inventory().difference("market", Map.of(), count).records();
        return new WireRecords.Batch(records, Map.of(a.id(), a.publicKey()), false, Map.of());
    }

    private static Peer peer(String id) {
        return new Peer(URI.create("http://127.0.0.1:1/"), id, "key", id, List.of("market@1.0.0"), Instant.now(),
                null, null, 0, 0, 0, null);
    }

    private static ModuleRegistry market() {
        return FixedModules.of(MARKET);
    }
}
