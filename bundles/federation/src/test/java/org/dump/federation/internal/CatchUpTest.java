package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordQuery;
import org.dump.federation.Peer;
import org.dump.federation.internal.reconcile.Limits;
import org.dump.federation.internal.reconcile.Reconciliation;
import org.dump.federation.internal.reconcile.Run;
import org.dump.federation.internal.reconcile.VersionRuns;
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
 * Anti-entropy of protocol 2 between two nodes' real record stores (Derby), with the node's own classes on both
 * sides: {@link CatchUp} (reconciliation, then versions page by page, then the offer) on A, {@link CatchUpEndpoints}
 * on B, the requests carried in memory as the JSON bodies HTTP would carry. Also what A does with a peer that answers
 * against the protocol, refuses, or lies about numbers being gone.
 */
public class CatchUpTest {

    private static final RunningModule MARKET = new RunningModule("market", new Version(1, 0, 0), 42,
            "org.dump.module.market", new Version(1, 0, 0));
    private static final AuthorReference ADAM = new AuthorReference("adamadamadamadamadamadamad");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TemporaryFolder folderA = new TemporaryFolder();
    private final TemporaryFolder folderB = new TemporaryFolder();
    private final TemporaryFolder folderKeysA = new TemporaryFolder();
    private final TemporaryFolder folderKeysB = new TemporaryFolder();
    private final NodeDatabase recordsOfA = new NodeDatabase(folderA);
    private final NodeDatabase recordsOfB = new NodeDatabase(folderB);
    /** Where each keeps the origin keys it learns. */
    private final NodeDatabase keysOfA = new NodeDatabase(folderKeysA, JpaPeerDirectory.UNIT);
    private final NodeDatabase keysOfB = new NodeDatabase(folderKeysB, JpaPeerDirectory.UNIT);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folderA).around(folderB).around(folderKeysA)
            .around(folderKeysB).around(recordsOfA).around(recordsOfB).around(keysOfA).around(keysOfB);

    private final TestNodeIdentity a = new TestNodeIdentity();
    private final TestNodeIdentity b = new TestNodeIdentity();
    private final Peer peerB = new Peer(URI.create("http://127.0.0.1:1/"), b.id(), b.publicKey().base64(), "B",
            List.of("market@1.0.0"), Instant.now(), null, null, 0, 0, 0, null);
    private final PeerStanding standing = new PeerStanding(1, 60, System::nanoTime, () -> 0.5, change -> {
    }, List::of);
    private final ExecutorService storers = Executors.newFixedThreadPool(2);
    /** What A offered B, as B would receive it pushed. */
    private final List<SignedRecord> offered = new ArrayList<>();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final List<String> endpointsAsked = new ArrayList<>();
    private TestRecords onA;
    private TestRecords onB;
    private RecordPush pushOfA;
    private CatchUp catchUpOfA;
    private CatchUpEndpoints endpointsOfB;

    @Before
    public void start() {
        onA = new TestRecords(recordsOfA.factory(), a, 64 * 1024);
        onB = new TestRecords(recordsOfB.factory(), b, 64 * 1024);
        OriginKeys originKeysOfA = new OriginKeys(a, FixedPeers.NONE, keysOfA.transactions());
        Gossip gossipOfA = new Gossip(a.id(), System::nanoTime);
        pushOfA = new RecordPush(new PeerClient(a), FixedPeers.NONE, originKeysOfA, standing, gossipOfA,
                RecordPushTest.limits(64, 256));
        RecordReception receptionOfA = new RecordReception(FixedPeers.NONE, onA.ingest(), market(), pushOfA,
                originKeysOfA, gossipOfA);
        catchUpOfA = new CatchUp(onA.inventory(), new VersionFetch(receptionOfA, onA.inventory(), standing,
                FixedPeers.NONE, storers, 7), (peer, records) -> offered.addAll(records), FixedPeers.NONE, standing);
        endpointsOfB = new CatchUpEndpoints(market(), onB.inventory(),
                new OriginKeys(b, FixedPeers.NONE, keysOfB.transactions())::forRecords, FixedPeers.NONE,
                new Gossip(b.id(), System::nanoTime));
    }

    @After
    public void stop() {
        pushOfA.stop();
        storers.shutdownNow();
        onA.stop();
        onB.stop();
    }

    @Test
    public void aNodeThatWasAwayGetsWhatItLacksInPagesAndOffersWhatThePeerLacks() {
        List<ModuleRecord> ofB = write(onB, 30);
        for (int i = 0; i < 10; i += 2) {
            onB.update(MARKET, ofB.get(i).id(), Map.of("title", "edited " + i), ADAM);
        }
        for (int i = 1; i < 10; i += 2) {
            onB.delete(MARKET, ofB.get(i).id(), ADAM);
        }
        write(onA, 3);

        assertTrue(catchUpOfA.with(peerB, MARKET, toB()));

        assertEquals(liveIds(onB, b.id()), liveIds(onA, b.id()));
        assertEquals(25, liveIds(onA, b.id()).size());
        assertEquals("every version of B seen, replaced and deleted ones as numbers", onB.summary("market").get(b.id()),
                onA.summary("market").get(b.id()));
        assertEquals("edited 0", onA.get("market", ofB.get(0).id()).orElseThrow().payload().get("title"));
        assertTrue("pages of 7: " + endpointsAsked, endpointsAsked.stream().filter("versions"::equals).count() >= 4);
        assertEquals("A offered its own three records", 3, offered.size());
        assertTrue(offered.stream().allMatch(record -> record.origin().equals(a.id())));

        // B takes them as a push; then both are in step, and a round is one small exchange.
        assertEquals(3, onB.ingest(offered, id -> id.equals(a.id()) ? Optional.of(a.publicKey()) : Optional.empty())
                .stored().size());
        offered.clear();
        endpointsAsked.clear();
        bodyBytes.set(0);
        assertTrue(catchUpOfA.with(peerB, MARKET, toB()));
        assertEquals(List.of("reconcile"), endpointsAsked);
        assertTrue("in step: " + bodyBytes + " bytes of bodies", bodyBytes.get() <= 256);
        assertEquals(List.of(), offered);
        assertEquals(onB.summary("market"), onA.summary("market"));
    }

    @Test
    public void aPeerThatAnswersAgainstTheProtocolOrRefusesGetsNothingStored() {
        write(onB, 5);
        Map<String, List<Range>> before = onA.summary("market");
        CatchUpTransport garbage = (endpoint, body, bound) -> CompletableFuture.completedFuture(
                ("{\"message\":\"" + Base64.getEncoder().encodeToString(new byte[] {9, 9, 9, 9, 9}) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        CatchUpTransport notJson = (endpoint, body, bound) -> CompletableFuture.completedFuture(new byte[] {'<'});
        CatchUpTransport refusing = (endpoint, body, bound) -> CompletableFuture.failedFuture(
                new PeerRefusal(409, "peer B", "this node does not run market compatibly with 1.0.0"));

        assertFalse(catchUpOfA.with(peerB, MARKET, garbage));
        assertFalse(catchUpOfA.with(peerB, MARKET, notJson));
        assertFalse(catchUpOfA.with(peerB, MARKET, refusing));

        assertEquals(before, onA.summary("market"));
        assertEquals(Set.of(), liveIds(onA, b.id()));
    }

    /**
     * A liar says it has seen a million versions of B and that they are all gone. A takes nothing above what B has
     * signed in a record A holds, so B's next record still comes.
     */
    @Test
    public void aLiarsGoneCannotStopAnOriginsNextRecord() {
        write(onB, 5);
        assertTrue(catchUpOfA.with(peerB, MARKET, toB()));
        VersionRuns liars = VersionRuns.of(List.of(new Run(b.id(), 1, 1_000_000)));
        CatchUpTransport liar = (endpoint, body, bound) -> {
            try {
                if (endpoint.equals("reconcile")) {
                    byte[] message = Base64.getDecoder().decode(JSON.readTree(body).path("message").asText());
                    return CompletableFuture.completedFuture(JSON.writeValueAsBytes(Map.of("message", Base64
                            .getEncoder().encodeToString(Reconciliation.answer(liars, Limits.DEFAULT, message)))));
                }
                return CompletableFuture.completedFuture(JSON.writeValueAsBytes(Map.of("gone",
                        Map.of(b.id(), List.of(new long[] {1, 1_000_000})))));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        };

        assertTrue(catchUpOfA.with(peerB, MARKET, liar));
        assertEquals("nothing taken above number 5", List.of(new Range(1, 5)), onA.summary("market").get(b.id()));

        ModuleRecord next = write(onB, 1).get(0);
        assertTrue(catchUpOfA.with(peerB, MARKET, toB()));
        assertTrue(onA.get("market", next.id()).isPresent());
        assertEquals(List.of(new Range(1, 6)), onA.summary("market").get(b.id()));
    }

    @Test
    public void protocol1sSummaryIsRefusedNamingBothVersions() throws Exception {
        CatchUpEndpoints.Answer refusal = CatchUpEndpoints.summaryOfProtocol1();
        String message = JSON.readTree(refusal.body()).path("message").asText();
        assertEquals(410, refusal.status());
        assertTrue(message, message.contains("protocol 1") && message.contains("protocol " + org.dump.federation.FederationProtocol.VERSION));

        CatchUpEndpoints.Answer otherModule = endpointsOfB.reconcile(a.id(), RangeSync.request(new RunningModule(
                "events", new Version(1, 0, 0), 7, "org.dump.module.events", new Version(1, 0, 0)), new byte[0]));
        assertEquals(409, otherModule.status());
        assertEquals(400, endpointsOfB.versions(a.id(), "{\"module\":\"market\",\"dataVersion\":\"1.0.0\",\"versions\":"
                .concat("{\"not an id\":[[1,2]]}}").getBytes(StandardCharsets.UTF_8)).status());
    }

    /** @return B's endpoints, as HTTP would carry A's requests to them; counts the bodies' bytes */
    private CatchUpTransport toB() {
        return (endpoint, body, bound) -> {
            endpointsAsked.add(endpoint);
            try {
                CatchUpEndpoints.Answer answer = endpoint.equals("reconcile") ? endpointsOfB.reconcile(a.id(), body)
                        : endpointsOfB.versions(a.id(), body);
                bodyBytes.addAndGet(body.length + answer.body().length);
                if (answer.status() != 200) {
                    return CompletableFuture.failedFuture(new PeerRefusal(answer.status(), "peer B",
                            new String(answer.body(), StandardCharsets.UTF_8)));
                }
                return CompletableFuture.completedFuture(answer.body());
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    private static ModuleRegistry market() {
        return FixedModules.of(MARKET);
    }

    private static List<ModuleRecord> write(TestRecords store, int count) {
        List<ModuleRecord> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            written.add(store.create(MARKET, "listing", Map.of("title", "item " + i), ADAM));
        }
        return written;
    }

    private static Set<String> liveIds(TestRecords store, String origin) {
        Set<String> ids = new TreeSet<>();
        store.query("market", RecordQuery.ofType("listing").page(0, 500)).records().stream()
                .filter(record -> record.origin().equals(origin)).forEach(record -> ids.add(record.id()));
        return ids;
    }
}
