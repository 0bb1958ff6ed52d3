package org.dump.node.internal.record;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.persistence.PersistenceException;

import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.dump.node.module.RunningModule;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.StorageFullException;
import org.dump.node.persistence.Transactions;
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
 * The record store while the database's disk is full ({@link DatabaseSpace} refusing): local writes and records of
 * peers are refused before they reach the database, and a refused local write uses up no sequence number.
 */
public class RecordWritesOnAFullDiskTest {

    private static final RunningModule MARKET = new RunningModule("market", new Version(1, 0, 0), 42,
            "org.dump.module.market", new Version(1, 0, 0));
    private static final AuthorReference ADAM = new AuthorReference("adamadamadamadamadamadamad");

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    /** Refuses every write while {@link #full}. */
    private static final class Space implements DatabaseSpace {
        volatile boolean full;

        @Override
        public void checkWritable() {
            if (full) {
                throw new StorageFullException(true, Duration.ofSeconds(10), null);
            }
        }

        @Override
        public void wrote() {
            // nothing to end
        }

        @Override
        public RuntimeException failed(RuntimeException failure, boolean writing) {
            if (String.valueOf(failure.getMessage()).contains("disk is full")) {
                full = true;
                return new StorageFullException(writing, Duration.ofSeconds(10), failure);
            }
            return failure;
        }
    }

    private final Space space = new Space();
    private final TestNodeIdentity identity = new TestNodeIdentity();
    private TestRecords records;

    @Before
    public void start() {
        records = new TestRecords(database.factory(), identity, 64 * 1024, Clock.systemUTC(), space);
    }

    @After
    public void stop() {
        records.stop();
    }

    @Test
    public void localWritesAreRefusedBeforeTheyAreNumbered() {
        ModuleRecord socks = records.create(MARKET, "listing", Map.of("title", "Socks"), ADAM);
        space.full = true;

        assertThrows(StorageFullException.class, () -> records.create(MARKET, "listing", Map.of("title", "Hat"), ADAM));
        assertThrows(StorageFullException.class,
                () -> records.update(MARKET, socks.id(), Map.of("title", "Red socks"), ADAM));
        assertThrows(StorageFullException.class, () -> records.delete(MARKET, socks.id(), ADAM));
        assertEquals("Socks", records.get("market", socks.id()).orElseThrow().payload().get("title"));

        space.full = false;
        ModuleRecord hat = records.create(MARKET, "listing", Map.of("title", "Hat"), ADAM);
        assertEquals("no number was used up by the refused writes", socks.sequence() + 1, hat.sequence());
        assertTrue(records.verify("market").allVerified());
    }

    @Test
    public void recordsOfPeersAreRefusedWholeAndTakenWhenThereIsRoom() {
        TestNodeIdentity peer = new TestNodeIdentity();
        // A record signed by another node, as a push brings it.
        SignedRecord theirs = new RecordSigner(peer).sign(new SignedRecord("market", "listing",
                RecordIds.next(System.currentTimeMillis()), peer.id(), 1, null, 1000, 1000, "1.0.0", false,
                "{\"title\":\"Boots\"}", null));
        space.full = true;
        assertThrows(StorageFullException.class,
                () -> records.ingest(List.of(theirs), origin -> Optional.of(peer.publicKey())));
        assertTrue(records.get("market", theirs.id()).isEmpty());

        space.full = false;
        assertEquals(List.of(theirs), records.ingest(List.of(theirs), origin -> Optional.of(peer.publicKey()))
                .stored());
    }

    @Test
    public void aBatchThatFailsBeforeItsWritesAreAppliedFailsThemAllAndLeavesNoneWaiting() throws Exception {
        // Derby may fail a read for lack of space (a dirty page must leave its cache first): the batch fails before
        // the writes after it are applied.
        Transactions transactions = new Transactions(database.factory());
        RecordWriter writer = new RecordWriter(database.factory(), new SequenceNumbers(transactions, identity.id()),
                new SeenSequences(transactions), changes -> { }, space, 0);
        try {
            List<CompletableFuture<SignedRecord>> results = writer.submitAll(List.of(batch -> {
                throw new PersistenceException("Page could not be written to disk, please check if the disk is full");
            }, batch -> null));
            for (CompletableFuture<SignedRecord> result : results) {
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> result.get(60, TimeUnit.SECONDS)); // a hang guard, not a measure
                assertTrue(failed.getCause().toString(), failed.getCause() instanceof StorageFullException);
            }
        } finally {
            writer.close();
        }
    }
}
