package org.dump.node.internal.record;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.dump.api.record.AuthorReference;
import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.NotAuthorException;
import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordNotFoundException;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.api.record.RecordTooLargeException;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordIngest;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.RecordVerification;
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

/** The record store on the node's real persistence unit and a real embedded Derby database. */
public class RecordStoreTest {

    private static final RunningModule MARKET = module("market");
    private static final RunningModule OTHER = module("other");
    private static final AuthorReference ADAM = new AuthorReference("adamadamadamadamadamadamad");
    private static final AuthorReference BEA = new AuthorReference("beabeabeabeabeabeabeabeabe");

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder);
    private final TemporaryFolder otherFolder = new TemporaryFolder();
    private final NodeDatabase otherDatabase = new NodeDatabase(otherFolder);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database).around(otherFolder)
            .around(otherDatabase);

    private final TestNodeIdentity identity = new TestNodeIdentity();
    private TestRecords records;

    @Before
    public void start() {
        records = new TestRecords(database.factory(), identity, 64 * 1024);
    }

    @After
    public void stop() {
        records.stop();
    }

    @Test
    public void aCreatedRecordIsSignedByTheNodeAndReadBackAsWritten() {
        ModuleRecord created = records.create(MARKET, "listing", socks("3.50"), ADAM);

        ModuleRecord read = records.get("market", created.id()).orElseThrow();
        assertEquals(created, read);
        assertEquals(identity.id(), read.origin());
        assertEquals(1, read.sequence());
        assertEquals(ADAM, read.author());
        assertEquals("1.0.0", read.dataVersion());
        assertEquals("Wool socks", read.payload().get("title"));
        assertEquals(new BigDecimal("3.50"), read.payload().get("price"));
        assertEquals(2L, read.payload().get("pairs"));
        assertEquals(List.of("wool", "red"), read.payload().get("tags"));
        assertTrue(records.verify("market").allVerified());
    }

    @Test
    public void payloadsShorterAndLongerThanARowHoldsComeBackAsSignedEverywhere() {
        // Short payloads live in the row (VARCHAR), long ones in a CLOB: both read back, verify and travel.
        String longText = "wool ".repeat(RecordEntity.MAX_PAYLOAD_TEXT / 5 + 100);
        ModuleRecord longOne = records.create(MARKET, "listing", Map.of("title", "Long", "description", longText),
                ADAM);
        ModuleRecord shortOne = records.create(MARKET, "listing", socks("1"), ADAM);
        assertEquals(longText, records.get("market", longOne.id()).orElseThrow().payload().get("description"));
        ModuleRecord shortened = records.update(MARKET, longOne.id(), socks("2"), ADAM);
        ModuleRecord lengthened = records.update(MARKET, shortOne.id(), Map.of("description", longText), ADAM);
        assertEquals(shortened, records.get("market", longOne.id()).orElseThrow());
        assertEquals(lengthened, records.get("market", shortOne.id()).orElseThrow());
        assertTrue(records.verify("market").allVerified());

        List<SignedRecord> sent = records.difference("market", Map.of(), 10).records();
        assertEquals(2, sent.size());
        TestRecords other = TestRecordStores.open(otherDatabase.factory(), new TestNodeIdentity());
        try {
            Function<String, Optional<Ed25519PublicKey>> keys = id -> Optional.of(identity.publicKey());
            assertEquals(sent, other.ingest(sent, keys).stored());
            assertEquals(sent, other.difference("market", Map.of(), 10).records());
            assertEquals(longText, other.get("market", shortOne.id()).orElseThrow().payload().get("description"));
        } finally {
            TestRecordStores.close(other);
        }
    }

    @Test
    public void everyWriteTakesTheNextSequenceNumberOfItsModule() {
        ModuleRecord a = records.create(MARKET, "listing", socks("1"), ADAM);
        ModuleRecord b = records.create(MARKET, "listing", socks("2"), ADAM);
        ModuleRecord other = records.create(OTHER, "note", Map.of("text", "hi"), null);
        ModuleRecord a2 = records.update(MARKET, a.id(), socks("1.5"), ADAM);
        records.delete(MARKET, b.id(), ADAM);
        ModuleRecord c = records.create(MARKET, "listing", socks("3"), ADAM);

        assertEquals(List.of(1L, 2L, 3L, 5L), List.of(a.sequence(), b.sequence(), a2.sequence(), c.sequence()));
        assertEquals(1, other.sequence());
        assertEquals(a.created(), a2.created());
        assertFalse(a2.updated().isBefore(a.updated()));
    }

    @Test
    public void onlyTheAuthorChangesOrDeletesARecordAndARefusalChangesNothing() {
        ModuleRecord socks = records.create(MARKET, "listing", socks("3.50"), ADAM);

        assertThrows(NotAuthorException.class, () -> records.update(MARKET, socks.id(), socks("0.01"), BEA));
        assertThrows(NotAuthorException.class, () -> records.delete(MARKET, socks.id(), BEA));
        assertThrows(NotAuthorException.class, () -> records.update(MARKET, socks.id(), socks("0.01"), null));
        assertEquals(socks, records.get("market", socks.id()).orElseThrow());

        ModuleRecord moduleOwn = records.create(MARKET, "setting", Map.of("k", "v"), null);
        assertThrows(NotAuthorException.class, () -> records.update(MARKET, moduleOwn.id(), Map.of("k", "w"), ADAM));
        assertEquals("w", records.update(MARKET, moduleOwn.id(), Map.of("k", "w"), null).payload().get("k"));
    }

    @Test
    public void aModuleSeesNoRecordOfAnotherModule() {
        ModuleRecord socks = records.create(MARKET, "listing", socks("3.50"), ADAM);

        assertTrue(records.get("other", socks.id()).isEmpty());
        assertTrue(records.query("other", RecordQuery.ofType("listing")).records().isEmpty());
        assertThrows(RecordNotFoundException.class, () -> records.update(OTHER, socks.id(), Map.of(), ADAM));
        assertThrows(RecordNotFoundException.class, () -> records.delete(OTHER, socks.id(), ADAM));
        assertEquals(socks, records.get("market", socks.id()).orElseThrow());
    }

    @Test
    public void deletedRecordsAreGoneFromReadsButTheirSignedDeletionIsKept() {
        ModuleRecord socks = records.create(MARKET, "listing", socks("3.50"), ADAM);
        records.delete(MARKET, socks.id(), ADAM);

        assertTrue(records.get("market", socks.id()).isEmpty());
        assertTrue(records.query("market", RecordQuery.ofType("listing")).records().isEmpty());
        assertThrows(RecordNotFoundException.class, () -> records.delete(MARKET, socks.id(), ADAM));
        RecordVerification.Report report = records.verify("market");
        assertEquals(1, report.checked());
        assertTrue(report.failures().toString(), report.allVerified());
    }

    @Test
    public void badPayloadsAreRefusedAndLeaveNoTrace() {
        ModuleRecord kept = records.create(MARKET, "listing", socks("1"), ADAM);

        assertThrows(InvalidRecordException.class, () -> records.create(MARKET, "listing", Map.of("x", new Object()), ADAM));
        assertThrows(InvalidRecordException.class, () -> records.create(MARKET, "Listing!", socks("1"), ADAM));
        assertThrows(InvalidRecordException.class, () -> records.create(MARKET, "listing", null, ADAM));
        assertThrows(InvalidRecordException.class, () -> records.create(MARKET, "listing", Map.of("x", Double.NaN), ADAM));
        assertThrows(InvalidRecordException.class, () -> records.create(MARKET, "listing", nested(40), ADAM));
        assertThrows(RecordTooLargeException.class,
                () -> records.create(MARKET, "listing", Map.of("text", "x".repeat(70 * 1024)), ADAM));
        assertThrows(RecordTooLargeException.class,
                () -> records.update(MARKET, kept.id(), Map.of("text", "x".repeat(70 * 1024)), ADAM));

        assertEquals(List.of(kept), records.query("market", RecordQuery.ofType("listing")).records());
        assertEquals(2, records.create(MARKET, "listing", socks("2"), ADAM).sequence());
    }

    @Test
    public void queriesFilterSortAndPage() {
        ModuleRecord wool = records.create(MARKET, "listing", listing("Wool SOCKS", "warm", "3.50"), ADAM);
        ModuleRecord silk = records.create(MARKET, "listing", listing("Silk scarf", "for socks lovers", "12.00"), BEA);
        ModuleRecord cheap = records.create(MARKET, "listing", listing("Old boots", "worn", "0.99"), BEA);
        ModuleRecord free = records.create(MARKET, "listing", Map.of("title", "Free hat"), ADAM);
        records.create(MARKET, "wanted", listing("Socks wanted", "any", "1.00"), ADAM);

        assertEquals(List.of(free, cheap, silk, wool), records.query("market", RecordQuery.ofType("listing")).records());
        assertEquals(List.of(silk, wool), ids(RecordQuery.ofType("listing")
                .where(RecordFilter.textContains("sOcKs", "title", "description"))));
        assertEquals(List.of(wool), ids(RecordQuery.ofType("listing")
                .where(RecordFilter.textContains("socks", "title"))));
        assertEquals(List.of(wool, cheap), ids(RecordQuery.ofType("listing")
                .where(RecordFilter.numberBetween("price", new BigDecimal("0.5"), new BigDecimal("3.5")))
                .orderBy(RecordQuery.Order.byNumber("price", true))));
        assertEquals(List.of(cheap, wool, silk, free), ids(RecordQuery.ofType("listing")
                .orderBy(RecordQuery.Order.byNumber("price", false))));
        assertEquals(List.of(silk, wool, cheap, free), ids(RecordQuery.ofType("listing")
                .orderBy(RecordQuery.Order.byNumber("price", true))));
        assertEquals(List.of(free, wool), ids(RecordQuery.ofType("listing").where(RecordFilter.authoredBy(ADAM))));
        assertEquals(List.of(silk), ids(RecordQuery.ofType("listing").where(RecordFilter.textEquals("title", "SILK SCARF"))));
        assertEquals(List.of(), ids(RecordQuery.ofType("listing").where(RecordFilter.textContains("100%", "title"))));

        RecordPage first = records.query("market", RecordQuery.ofType("listing").page(0, 3));
        RecordPage second = records.query("market", RecordQuery.ofType("listing").page(3, 3));
        assertEquals(List.of(free, cheap, silk), first.records());
        assertTrue(first.hasMore());
        assertEquals(List.of(wool), second.records());
        assertFalse(second.hasMore());
    }

    @Test
    public void anUpdateReindexesTheRecord() {
        ModuleRecord socks = records.create(MARKET, "listing", listing("Wool socks", "warm", "3.50"), ADAM);
        records.update(MARKET, socks.id(), Map.of("title", "Cotton socks"), ADAM);

        assertEquals(List.of(), ids(RecordQuery.ofType("listing").where(RecordFilter.textContains("wool", "title"))));
        assertEquals(List.of(), ids(RecordQuery.ofType("listing")
                .where(RecordFilter.numberBetween("price", BigDecimal.ZERO, null))));
        assertEquals(1, ids(RecordQuery.ofType("listing").where(RecordFilter.textContains("cotton", "title"))).size());
    }

    @Test
    public void aRecordAlteredInTheDatabaseFailsVerification() throws SQLException {
        ModuleRecord socks = records.create(MARKET, "listing", socks("3.50"), ADAM);
        ModuleRecord scarf = records.create(MARKET, "listing", socks("9.00"), ADAM);
        ModuleRecord hat = records.create(MARKET, "listing", socks("5.00"), ADAM);

        sql("UPDATE DUMP_RECORD SET PAYLOAD_TEXT = ? WHERE ID = ?", "{\"price\":0.01,\"title\":\"Wool socks\"}", socks.id());
        String hatSignature = string("SELECT SIGNATURE FROM DUMP_RECORD WHERE ID = ?", scarf.id());
        sql("UPDATE DUMP_RECORD SET SIGNATURE = ? WHERE ID = ?", hatSignature, hat.id());

        RecordVerification.Report report = records.verify("market");
        assertEquals(3, report.checked());
        Set<String> failed = new TreeSet<>();
        report.failures().forEach(f -> failed.add(f.id()));
        assertEquals(new TreeSet<>(List.of(socks.id(), hat.id())), failed);
    }

    @Test
    public void concurrentWritersEachGetTheirOwnSequenceNumbers() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<List<ModuleRecord>>> results = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            results.add(writers.submit(() -> {
                List<ModuleRecord> written = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    written.add(records.create(MARKET, "listing", socks(Integer.toString(i)), ADAM));
                }
                return written;
            }));
        }
        Set<Long> sequences = new TreeSet<>();
        for (Future<List<ModuleRecord>> result : results) {
            result.get().forEach(r -> sequences.add(r.sequence()));
        }
        writers.shutdown();
        assertEquals(400, sequences.size());
        assertEquals(Long.valueOf(400), ((TreeSet<Long>) sequences).last());
        RecordVerification.Report report = records.verify("market");
        assertEquals(400, report.checked());
        assertTrue(report.allVerified());
    }

    @Test
    public void concurrentChangesOfOneRecordAllLandSignedAndNoNumberIsLostOrHandedOutTwice() throws Exception {
        ModuleRecord socks = records.create(MARKET, "listing", socks("0"), ADAM);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<List<ModuleRecord>>> results = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            results.add(writers.submit(() -> {
                List<ModuleRecord> written = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    written.add(records.update(MARKET, socks.id(), socks(writer + "." + i), ADAM));
                }
                return written;
            }));
        }
        Set<Long> sequences = new TreeSet<>();
        for (Future<List<ModuleRecord>> result : results) {
            result.get().forEach(r -> assertTrue("one version, one number", sequences.add(r.sequence())));
        }
        writers.shutdown();
        assertEquals(160, sequences.size());
        long highest = ((TreeSet<Long>) sequences).last();
        ModuleRecord last = records.get("market", socks.id()).orElseThrow();
        assertEquals("the stored version is the last one written", highest, last.sequence());
        assertEquals(socks.created(), last.created());
        assertTrue(records.verify("market").allVerified());
        // Numbers of versions given up for a concurrent change are noted as seen: the summary has no hole that
        // peers could never fill, and none of them is handed out again, also not after a restart.
        assertEquals(Map.of(identity.id(), List.of(new RecordInventory.Range(1, highest))), records.summary("market"));
        records.delete(MARKET, socks.id(), ADAM);
        long used = records.summary("market").get(identity.id()).get(0).to();
        records.stop();
        database.reopen();
        records = new TestRecords(database.factory(), identity, 64 * 1024);
        assertEquals(used + 1, records.create(MARKET, "listing", socks("1"), ADAM).sequence());
    }

    @Test
    public void idsAreRandomAndUnknownIdsAreNotFound() {
        assertNotEquals(records.create(MARKET, "listing", socks("1"), ADAM).id(),
                records.create(MARKET, "listing", socks("1"), ADAM).id());
        assertTrue(records.get("market", "no such id").isEmpty());
        assertTrue(records.get("market", "a".repeat(26)).isEmpty());
        assertThrows(RecordNotFoundException.class, () -> records.update(MARKET, "'; DROP TABLE x", Map.of(), ADAM));
    }

    @Test
    public void signedRecordsOfAnotherNodeWhosePayloadIsNoJsonObjectAreRefusedAlone() {
        TestNodeIdentity y = new TestNodeIdentity();
        Function<String, Optional<Ed25519PublicKey>> keys = id -> Optional.of(y.publicKey());
        List<SignedRecord> batch = new ArrayList<>();
        String[] payloads = {"null", "[1,2]", "{\"title\":", "\"text\"", "{\"title\":\"Hat\"}"};
        for (int i = 0; i < payloads.length; i++) {
            batch.add(remote(y, "badpayloadbadpayloadbadpa" + "abcdef".charAt(i), i + 1, false, payloads[i]));
        }
        RecordIngest.Report report = records.ingest(batch, keys);
        assertEquals(List.of(batch.get(4)), report.stored());
        assertEquals(4, report.refused().size());
        report.refused().forEach(refusal -> assertEquals("the payload is not a JSON object", refusal.reason()));
        assertTrue(records.get("market", batch.get(0).id()).isEmpty());
        assertEquals("Hat", records.get("market", batch.get(4).id()).orElseThrow().payload().get("title"));
    }

    @Test
    public void recordsOfAnotherNodeAreTakenOnlyWhenTheyVerifyAndAreNewer() {
        TestNodeIdentity y = new TestNodeIdentity();
        Function<String, Optional<Ed25519PublicKey>> keys = id -> id.equals(y.id()) ? Optional.of(y.publicKey())
                : Optional.empty();
        SignedRecord v1 = remote(y, "remoterecordremoterecordre", 1, false, "{\"price\":5,\"title\":\"Hat\"}");
        SignedRecord v2 = remote(y, "remoterecordremoterecordre", 2, false, "{\"price\":6,\"title\":\"Red hat\"}");

        RecordIngest.Report first = records.ingest(List.of(v1), keys);
        assertEquals(List.of(v1), first.stored());
        ModuleRecord seen = records.get("market", v1.id()).orElseThrow();
        assertEquals(y.id(), seen.origin());
        assertEquals(List.of(seen), ids(RecordQuery.ofType("listing").where(RecordFilter.textContains("hat", "title"))));

        RecordIngest.Report again = records.ingest(List.of(v2, v1, v2), keys);
        assertEquals(List.of(v2), again.stored());
        assertEquals(2, again.duplicates());
        assertEquals("Red hat", records.get("market", v1.id()).orElseThrow().payload().get("title"));
        assertThrows("a remote record is changed only by its origin", NotAuthorException.class,
                () -> records.update(MARKET, v1.id(), Map.of("title", "mine"), null));

        SignedRecord deleted = remote(y, v1.id(), 3, true, null);
        assertEquals(List.of(deleted), records.ingest(List.of(deleted), keys).stored());
        assertTrue(records.get("market", v1.id()).isEmpty());
        assertEquals(1, records.ingest(List.of(v2), keys).duplicates());
        assertTrue(records.get("market", v1.id()).isEmpty());
    }

    @Test
    public void forgedAlteredAndUnknownRecordsAreRefusedAndChangeNothing() {
        TestNodeIdentity y = new TestNodeIdentity();
        TestNodeIdentity z = new TestNodeIdentity();
        Function<String, Optional<Ed25519PublicKey>> keys = id -> id.equals(y.id()) ? Optional.of(y.publicKey())
                : Optional.empty();
        ModuleRecord local = records.create(MARKET, "listing", socks("1"), ADAM);
        SignedRecord honest = remote(y, "honesthonesthonesthonestho", 1, false, "{\"title\":\"Honest\"}");
        SignedRecord altered = new SignedRecord(honest.module(), honest.type(), honest.id(), honest.origin(),
                honest.sequence(), honest.author(), honest.createdMillis(), honest.updatedMillis(),
                honest.dataVersion(), false, "{\"title\":\"Altered\"}", honest.signature());
        SignedRecord unsignedByY = remote(z, "forgedforgedforgedforgedfo", 1, false, "{}");
        SignedRecord claimsY = new SignedRecord("market", "listing", "claimsyclaimsyclaimsyclaim", y.id(), 1, null, 1, 1,
                "1.0.0", false, "{}", null);
        claimsY = claimsY.withSignature(Base64.getEncoder().encodeToString(z.sign(claimsY.signedBytes())));
        SignedRecord takesLocalId = remote(y, local.id(), 9, false, "{}");
        SignedRecord notAnObject = remote(y, "notanobjectnotanobjectnota", 1, false, "[1,2]");

        RecordIngest.Report report = records.ingest(List.of(altered, unsignedByY, claimsY, takesLocalId, notAnObject,
                honest), keys);

        assertEquals(List.of(honest), report.stored());
        assertEquals(5, report.refused().size());
        Map<String, String> why = new HashMap<>();
        report.refused().forEach(r -> why.put(r.id(), r.reason()));
        assertTrue(why.toString(), why.get(honest.id()).contains("signature"));
        assertTrue(why.toString(), why.get(unsignedByY.id()).contains("not known"));
        assertTrue(why.toString(), why.get(claimsY.id()).contains("signature"));
        assertTrue(why.toString(), why.get(local.id()).contains("another module, origin"));
        assertTrue(why.toString(), why.get(notAnObject.id()).contains("JSON object"));
        assertEquals(local, records.get("market", local.id()).orElseThrow());
        assertEquals(2, records.query("market", RecordQuery.ofType("listing")).records().size());
    }

    @Test
    public void theSummaryStaysOneRangeThroughUpdatesAndDeletesAndFindsWhatAnotherNodeLacks() {
        List<ModuleRecord> written = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            written.add(records.create(MARKET, "listing", socks(Integer.toString(i)), ADAM));
        }
        records.update(MARKET, written.get(2).id(), socks("9"), ADAM);   // seq 7 replaces 3
        records.delete(MARKET, written.get(4).id(), ADAM);               // seq 8 deletes 5
        records.create(OTHER, "note", Map.of("text", "not market"), null);

        Map<String, List<RecordInventory.Range>> mine = records.summary("market");
        assertEquals(Map.of(identity.id(), List.of(new RecordInventory.Range(1, 8))), mine);
        assertEquals(new RecordInventory.Difference(List.of(), Map.of(), false), records.difference("market", mine, 100));

        Map<String, List<RecordInventory.Range>> behind = Map.of(identity.id(),
                List.of(new RecordInventory.Range(1, 4)));
        RecordInventory.Difference difference = records.difference("market", behind, 100);
        assertEquals(List.of(6L, 7L, 8L), difference.records().stream().map(SignedRecord::sequence).toList());
        assertTrue("the deletion travels as a signed record", difference.records().get(2).deleted());
        assertEquals("5 was replaced by the deletion", Map.of(identity.id(), List.of(new RecordInventory.Range(5, 5))),
                difference.gone());
        assertFalse(difference.more());

        assertEquals("of what a peer announces, only what was never seen here", Map.of(identity.id(),
                List.of(new RecordInventory.Range(9, 12)), "someone-else", List.of(new RecordInventory.Range(1, 2))),
                records.unseen("market", Map.of(identity.id(), List.of(new RecordInventory.Range(3, 3),
                        new RecordInventory.Range(7, 12)), "someone-else", List.of(new RecordInventory.Range(1, 2)))));
        assertEquals(Map.of(), records.unseen("market", Map.of(identity.id(),
                List.of(new RecordInventory.Range(1, 8)))));

        RecordInventory.Difference page = records.difference("market", Map.of(), 2);
        assertEquals(List.of(1L, 2L), page.records().stream().map(SignedRecord::sequence).toList());
        assertTrue(page.more());
        assertEquals("gone numbers only up to the last record sent", Map.of(identity.id(),
                List.of(new RecordInventory.Range(3, 3))), page.gone());
    }

    @Test
    public void oldDeletionsAreCollectedButTheSummaryRemembersThem() {
        ModuleRecord kept = records.create(MARKET, "listing", socks("1"), ADAM);
        ModuleRecord gone = records.create(MARKET, "listing", socks("2"), ADAM);
        records.delete(MARKET, gone.id(), ADAM);
        Map<String, List<RecordInventory.Range>> before = records.summary("market");

        assertEquals("nothing is young enough yet", 0, records.collectDeleted(java.time.Instant.now().minusSeconds(3600)));
        assertEquals(1, records.collectDeleted(java.time.Instant.now().plusSeconds(1)));

        assertEquals(before, records.summary("market"));
        assertEquals(Map.of(identity.id(), List.of(new RecordInventory.Range(1, 3))), before);
        RecordInventory.Difference fresh = records.difference("market", Map.of(), 100);
        assertEquals(List.of(kept.id()), fresh.records().stream().map(SignedRecord::id).toList());
        assertEquals(Map.of(identity.id(), List.of(new RecordInventory.Range(2, 3))), fresh.gone());
        assertTrue(records.verify("market").allVerified());
        records.stop();
        database.reopen();
        records = new TestRecords(database.factory(), identity, 64 * 1024);
        assertEquals("the summary outlives a restart", before, records.summary("market"));
    }

    @Test
    public void aDatabaseFromBeforeTheSeenTableGetsItsSummaryFromItsRecordsOnceForEveryOrigin() throws SQLException {
        TestNodeIdentity y = new TestNodeIdentity();
        Function<String, Optional<Ed25519PublicKey>> keys = id -> Optional.of(y.publicKey());
        records.create(MARKET, "listing", socks("1"), ADAM);
        records.ingest(List.of(remote(y, "fromyfromyfromyfromyfromyf", 3, false, "{\"title\":\"Y's\"}")), keys);
        Map<String, List<RecordInventory.Range>> before = records.summary("market");
        records.stop();
        try (java.sql.Connection connection = database.dataSource().getConnection()) {
            connection.createStatement().executeUpdate("DELETE FROM DUMP_RECORD_SEEN");
        }
        database.reopen();
        records = new TestRecords(database.factory(), identity, 64 * 1024);

        assertEquals("made from the records", before, records.summary("market"));
        records.create(MARKET, "listing", socks("2"), ADAM);
        records.stop();
        database.reopen();
        records = new TestRecords(database.factory(), identity, 64 * 1024);
        assertEquals("Y's numbers are not lost when this node writes again", List.of(new RecordInventory.Range(3, 3)),
                records.summary("market").get(y.id()));
        assertEquals(List.of(new RecordInventory.Range(1, 2)), records.summary("market").get(identity.id()));
    }

    @Test
    public void aDatabaseFromBeforeThePayloadColumnGetsItAndKeepsItsPayloadsInTheClob() throws SQLException {
        ModuleRecord old = records.create(MARKET, "listing", socks("1"), ADAM);
        records.stop();
        try (java.sql.Connection connection = database.dataSource().getConnection()) {
            connection.createStatement().executeUpdate("UPDATE DUMP_RECORD SET PAYLOAD = PAYLOAD_TEXT");
            connection.createStatement().executeUpdate("ALTER TABLE DUMP_RECORD DROP COLUMN PAYLOAD_TEXT");
        }
        database.reopen();
        records = new TestRecords(database.factory(), identity, 64 * 1024);

        assertEquals(old, records.get("market", old.id()).orElseThrow());
        ModuleRecord fresh = records.create(MARKET, "listing", socks("2"), ADAM);
        assertEquals(List.of(old.id(), fresh.id()), records.difference("market", Map.of(), 10).records().stream()
                .map(SignedRecord::id).toList());
        assertTrue("a new record's payload is in the added column",
                string("SELECT PAYLOAD_TEXT FROM DUMP_RECORD WHERE ID = ?", fresh.id()).contains("Wool socks"));
        assertTrue(records.verify("market").allVerified());
    }

    private static SignedRecord remote(TestNodeIdentity origin, String id, long sequence, boolean deleted, String payload) {
        SignedRecord unsigned = new SignedRecord("market", "listing", id, origin.id(), sequence, null, 1000, 1000 + sequence,
                "1.0.0", deleted, payload, null);
        return unsigned.withSignature(Base64.getEncoder().encodeToString(origin.sign(unsigned.signedBytes())));
    }

    private List<ModuleRecord> ids(RecordQuery query) {
        return records.query("market", query).records();
    }

    private void sql(String statement, String... parameters) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement update = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setString(i + 1, parameters[i]);
            }
            assertEquals(1, update.executeUpdate());
        }
    }

    private String string(String query, String parameter) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(query)) {
            select.setString(1, parameter);
            try (ResultSet result = select.executeQuery()) {
                assertTrue(result.next());
                return result.getString(1);
            }
        }
    }

    private static Map<String, Object> socks(String price) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("title", "Wool socks");
        payload.put("price", new BigDecimal(price));
        payload.put("pairs", 2);
        payload.put("tags", List.of("wool", "red"));
        return payload;
    }

    private static Map<String, Object> listing(String title, String description, String price) {
        return Map.of("title", title, "description", description, "price", new BigDecimal(price));
    }

    private static Map<String, Object> nested(int depth) {
        Map<String, Object> inner = Map.of("x", 1);
        for (int i = 0; i < depth; i++) {
            inner = Map.of("x", inner);
        }
        return inner;
    }

    private static RunningModule module(String id) {
        return new RunningModule(id, new Version(1, 0, 0), 42, "org.dump.module." + id, new Version(1, 0, 0));
    }
}
