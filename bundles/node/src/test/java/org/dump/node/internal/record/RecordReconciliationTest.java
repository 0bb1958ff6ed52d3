package org.dump.node.internal.record;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordQuery;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.SignedRecord;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;

/**
 * Anti-entropy between record stores of three nodes on real Derby databases, the way federation runs it: one node
 * sends its summary, the other answers the difference, the first ingests the records and notes the numbers that
 * are gone, page by page. After updates, deletions and collected deletions the stores end with the same records
 * and the same one-range summaries, and nothing deleted comes back.
 */
public class RecordReconciliationTest {

    private static final RunningModule MARKET = new RunningModule("market", new Version(1, 0, 0), 42,
            "org.dump.module.market", new Version(1, 0, 0));
    private static final AuthorReference ADAM = new AuthorReference("adamadamadamadamadamadamad");

    private final TemporaryFolder folderA = new TemporaryFolder();
    private final TemporaryFolder folderB = new TemporaryFolder();
    private final TemporaryFolder folderC = new TemporaryFolder();
    private final NodeDatabase databaseA = new NodeDatabase(folderA);
    private final NodeDatabase databaseB = new NodeDatabase(folderB);
    private final NodeDatabase databaseC = new NodeDatabase(folderC);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folderA).around(folderB).around(folderC).around(databaseA)
            .around(databaseB).around(databaseC);

    private final TestNodeIdentity a = new TestNodeIdentity();
    private final TestNodeIdentity b = new TestNodeIdentity();
    private final TestNodeIdentity c = new TestNodeIdentity();
    private final Function<String, Optional<Ed25519PublicKey>> keys = id -> id.equals(a.id())
            ? Optional.of(a.publicKey()) : Optional.empty();
    private TestRecords onA;
    private TestRecords onB;
    private TestRecords onC;

    @Before
    public void start() {
        onA = new TestRecords(databaseA.factory(), a, 64 * 1024);
        onB = new TestRecords(databaseB.factory(), b, 64 * 1024);
        onC = new TestRecords(databaseC.factory(), c, 64 * 1024);
    }

    @After
    public void stop() {
        onA.stop();
        onB.stop();
        onC.stop();
    }

    @Test
    public void aNodeThatMissedUpdatesAndDeletesEndsWithExactlyTheLiveRecords() {
        List<ModuleRecord> written = write(onA, 50);
        catchUp(onB, onA, 7);
        for (int i = 0; i < 50; i += 5) {
            onA.update(MARKET, written.get(i).id(), Map.of("title", "edited " + i), ADAM);
        }
        for (int i = 1; i < 50; i += 5) {
            onA.delete(MARKET, written.get(i).id(), ADAM);
        }
        write(onA, 5);

        int pages = catchUp(onB, onA, 7);

        assertEquals(liveIds(onA), liveIds(onB));
        assertEquals(45, liveIds(onB).size());
        assertEquals("one range: every number seen", Map.of(a.id(), List.of(new RecordInventory.Range(1, 75))),
                onB.summary("market"));
        assertEquals(onA.summary("market"), onB.summary("market"));
        assertEquals("edited 0", onB.get("market", written.get(0).id()).orElseThrow().payload().get("title"));
        assertTrue("pages of 7: " + pages, pages >= 4);
        assertEquals("in step: nothing more to send", 0, catchUp(onB, onA, 7));
    }

    @Test
    public void aNewNodeLearnsCollectedDeletionsAsNumbersAndGetsOnlyLiveRecords() {
        List<ModuleRecord> written = write(onA, 20);
        for (int i = 0; i < 20; i += 2) {
            onA.delete(MARKET, written.get(i).id(), ADAM);
        }
        assertEquals(10, onA.collectDeleted(Instant.now().plusSeconds(1)));

        catchUp(onC, onA, 3);

        assertEquals(liveIds(onA), liveIds(onC));
        // Gone is believed only up to the highest number A signed in a record C has seen (GoneRule): 20, the last
        // live record. The collected deletions 21-30 are above it, until A's next record vouches for them.
        assertEquals(Map.of(a.id(), List.of(new RecordInventory.Range(1, 20))), onC.summary("market"));
        write(onA, 1);
        catchUp(onC, onA, 3);
        assertEquals(onA.summary("market"), onC.summary("market"));
        assertEquals(Map.of(a.id(), List.of(new RecordInventory.Range(1, 31))), onC.summary("market"));
    }

    @Test
    public void aDeletedRecordDoesNotComeBackFromANodeThatLagsBehind() {
        ModuleRecord socks = write(onA, 1).get(0);
        catchUp(onB, onA, 10);
        catchUp(onC, onA, 10);
        onA.delete(MARKET, socks.id(), ADAM);
        catchUp(onB, onA, 10);
        assertTrue(onB.get("market", socks.id()).isEmpty());
        assertEquals(1, onB.collectDeleted(Instant.now().plusSeconds(1)));

        // C never heard of the deletion and offers its stale copy to B, as a push would.
        SignedRecord stale = onC.difference("market", Map.of(), 10).records().get(0);
        assertFalse(stale.deleted());
        assertEquals(0, onB.ingest(List.of(stale), keys).stored().size());
        assertTrue("seen and gone: not stored again", onB.get("market", socks.id()).isEmpty());
        assertEquals(Set.of(), liveIds(onB));
    }

    /** Brings {@code asker} up to date with {@code holder}. @return the number of pages it took */
    private int catchUp(TestRecords asker, TestRecords holder, int pageSize) {
        int pages = 0;
        while (true) {
            RecordInventory.Difference page = holder.difference("market", asker.summary("market"), pageSize);
            if (page.records().isEmpty() && page.gone().isEmpty()) {
                return pages;
            }
            pages++;
            assertEquals(List.of(), asker.ingest(page.records(), keys).refused());
            asker.noteGone("market", page.gone());
            if (!page.more()) {
                return pages;
            }
        }
    }

    private static List<ModuleRecord> write(TestRecords store, int count) {
        List<ModuleRecord> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            written.add(store.create(MARKET, "listing", Map.of("title", "item " + i), ADAM));
        }
        return written;
    }

    private static Set<String> liveIds(TestRecords store) {
        Set<String> ids = new TreeSet<>();
        store.query("market", RecordQuery.ofType("listing").page(0, 500)).records().forEach(r -> ids.add(r.id()));
        return ids;
    }
}
