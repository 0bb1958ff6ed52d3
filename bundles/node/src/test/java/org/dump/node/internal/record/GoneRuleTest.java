package org.dump.node.internal.record;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dump.api.record.AuthorReference;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordInventory.Range;
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
 * A peer's {@code gone} is not signed (issue 22, item 1): a node notes it only up to the highest number the origin
 * signed in a record the node has seen, never for its own origin, and remembers that bound across a restart; a seen
 * set poisoned before the rule is repaired at start. And a record numbered {@link Long#MAX_VALUE} is sent once.
 */
public class GoneRuleTest {

    private static final long MAX = Long.MAX_VALUE;
    private static final RunningModule MARKET = new RunningModule("market", new Version(1, 0, 0), 42,
            "org.dump.module.market", new Version(1, 0, 0));
    private static final AuthorReference ADAM = new AuthorReference("adamadamadamadamadamadamad");

    private final TemporaryFolder folder = new TemporaryFolder();
    private final TemporaryFolder otherFolder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder);
    private final NodeDatabase otherDatabase = new NodeDatabase(otherFolder);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(otherFolder).around(database)
            .around(otherDatabase);

    private final TestNodeIdentity self = new TestNodeIdentity();
    private final TestNodeIdentity origin = new TestNodeIdentity();
    private TestRecords records;

    @Before
    public void start() {
        records = open(database, self);
    }

    @After
    public void stop() {
        records.stop();
    }

    @Test
    public void goneIsNotedOnlyUpToTheHighestNumberTheOriginSignedInARecordSeenHere() {
        ingest(records, remote(3));

        records.noteGone("market", Map.of(origin.id(), List.of(new Range(1, MAX))));

        assertEquals(Map.of(origin.id(), List.of(new Range(1, 3))), records.summary("market"));
        assertEquals("its next record is taken", 1, ingest(records, remote(4)));
        assertEquals(Map.of(origin.id(), List.of(new Range(1, 4))), records.summary("market"));
    }

    @Test
    public void goneOfThisNodesOwnOriginIsNeverNoted() {
        records.create(MARKET, "listing", Map.of("title", "socks"), ADAM);

        RecordInventory.GoneVerdict verdict = records.judgeGone("market",
                Map.of(self.id(), List.of(new Range(2, 9))));
        records.noteGone("market", Map.of(self.id(), List.of(new Range(2, 9))));

        assertEquals(Map.of(), verdict.accepted());
        assertTrue("a peer that says this node's own numbers are gone lies", verdict.absurd());
        assertEquals(Map.of(self.id(), List.of(new Range(1, 1))), records.summary("market"));
        records.create(MARKET, "listing", Map.of("title", "more socks"), ADAM);
        assertEquals("the new listing is offered to an asker", 1,
                records.difference("market", Map.of(self.id(), List.of(new Range(1, 1))), 10).records().size());
    }

    @Test
    public void onlyClaimsFarAboveTheOriginsNumbersAreAbsurd() {
        ingest(records, remote(10));

        RecordInventory.GoneVerdict near = records.judgeGone("market", Map.of(origin.id(), List.of(new Range(5, 20))));
        RecordInventory.GoneVerdict far = records.judgeGone("market", Map.of(origin.id(), List.of(new Range(5, MAX))));

        assertEquals(Map.of(origin.id(), List.of(new Range(5, 10))), near.accepted());
        assertEquals(Map.of(origin.id(), List.of(new Range(11, 20))), near.ignored());
        assertFalse(near.absurd());
        assertTrue(far.absurd());
    }

    @Test
    public void theBoundSurvivesARestartAlsoWhenTheRecordsAreGone() {
        ingest(records, remote(7));
        ingest(records, deletion(8));
        records.stop();
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM DUMP_RECORD")) {
            delete.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        database.reopen();
        records = open(database, self);

        records.noteGone("market", Map.of(origin.id(), List.of(new Range(1, 100))));

        assertEquals(Map.of(origin.id(), List.of(new Range(1, 8))), records.summary("market"));
    }

    @Test
    public void aSeenSetPoisonedBeforeTheRuleIsRepairedAtStart() throws Exception {
        ingest(records, remote(2));
        records.stop();
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement poison = connection.prepareStatement(
                        "UPDATE DUMP_RECORD_SEEN SET SEEN = '1-9223372036854775807' WHERE ORIGIN = ?")) {
            poison.setString(1, origin.id());
            assertEquals(1, poison.executeUpdate());
        }
        database.reopen();
        records = open(database, self);

        assertEquals(Map.of(origin.id(), List.of(new Range(1, 2))), records.summary("market"));
        assertEquals("the origin's later records are taken again", 1, ingest(records, remote(3)));
    }

    @Test
    public void aRecordNumberedLongMaxValueIsSentOnce() {
        TestRecords asker = open(otherDatabase, new TestNodeIdentity());
        try {
            ingest(records, remote(1));
            ingest(records, remote(MAX));
            RecordInventory.Difference first = records.difference("market", asker.summary("market"), 10);
            assertEquals(2, first.records().size());
            assertEquals(2, ingest(asker, first.records().toArray(SignedRecord[]::new)));
            asker.noteGone("market", first.gone());

            RecordInventory.Difference again = records.difference("market", asker.summary("market"), 10);

            assertEquals(records.summary("market"), asker.summary("market"));
            assertEquals(List.of(), again.records());
            assertEquals(Map.of(), again.gone());
        } finally {
            asker.stop();
        }
    }

    private static TestRecords open(NodeDatabase database, TestNodeIdentity identity) {
        return new TestRecords(database.factory(), identity, 64 * 1024);
    }

    private int ingest(TestRecords store, SignedRecord... signed) {
        return store.ingest(List.of(signed), id -> id.equals(origin.id()) ? Optional.of(origin.publicKey())
                : Optional.empty()).stored().size();
    }

    private SignedRecord remote(long sequence) {
        return sign(new SignedRecord("market", "listing", idOf(sequence), origin.id(), sequence, null, 1000, 1000,
                "1.0.0", false, "{\"title\":\"socks\"}", null));
    }

    /** @return a record id of 26 base32 letters, one per sequence number */
    private static String idOf(long sequence) {
        StringBuilder id = new StringBuilder();
        for (long rest = sequence; id.length() < 26; rest >>>= 5) {
            id.append("abcdefghijklmnopqrstuvwxyz234567".charAt((int) (rest & 31)));
        }
        return id.toString();
    }

    private SignedRecord deletion(long sequence) {
        SignedRecord live = remote(sequence - 1);
        return sign(new SignedRecord("market", "listing", live.id(), origin.id(), sequence, null, 1000, 2000,
                "1.0.0", true, null, null));
    }

    private SignedRecord sign(SignedRecord unsigned) {
        return unsigned.withSignature(Base64.getEncoder().encodeToString(origin.sign(unsigned.signedBytes())));
    }
}
