package org.dump.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dump.api.record.AuthorReference;
import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.NotAuthorException;
import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordNotFoundException;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.api.record.RecordTooLargeException;
import org.junit.Test;

/**
 * The in-memory store against the record store's contract (RecordStore's javadoc, docs/modules.md, Records), with
 * the cases of the node's own RecordStoreTest (bundles/node) where the contract is the same: a module tested on it
 * meets the node's answers and refusals.
 */
public class InMemoryRecordStoreTest {

    private final TestActingUser acting = new TestActingUser();
    private final InMemoryRecordStore records = new InMemoryRecordStore("market", "1.0.0", acting,
            java.time.Clock.systemUTC(), 64 * 1024);
    private AuthorReference adam;
    private AuthorReference bea;

    private ModuleRecord as(String user, String type, Map<String, ?> payload) {
        if (user == null) {
            acting.signOut();
        } else {
            acting.signIn(user);
        }
        return records.create(type, payload);
    }

    @Test
    public void aCreatedRecordIsReadBackAsTheNodeReadsItsJson() {
        adam = acting.signIn("adam");
        Map<String, Object> payload = new HashMap<>(socks("3.50"));
        payload.put("pairs", 2);
        payload.put("weight", 0.25d);
        payload.put("whole", new BigDecimal("7"));
        payload.put("big", new BigInteger("12"));
        payload.put("tags", List.of("wool", "red"));
        ModuleRecord created = records.create("listing", payload);

        ModuleRecord read = records.get(created.id()).orElseThrow();
        assertEquals(created, read);
        assertEquals(InMemoryRecordStore.THIS_NODE, read.origin());
        assertEquals(1, read.sequence());
        assertEquals(adam, read.author());
        assertEquals("1.0.0", read.dataVersion());
        assertEquals("market", read.module());
        assertEquals(new BigDecimal("3.50"), read.payload().get("price"));
        assertEquals(2L, read.payload().get("pairs"));
        assertEquals(new BigDecimal("0.25"), read.payload().get("weight"));
        assertEquals(7L, read.payload().get("whole"));
        assertEquals(12L, read.payload().get("big"));
        assertEquals(List.of("wool", "red"), read.payload().get("tags"));
        assertTrue(read.id(), read.id().matches("[a-z2-7]{26}"));
    }

    @Test
    public void idsSortAsTheirTimesAndUnknownIdsAreNotFound() throws InterruptedException {
        ModuleRecord first = as("adam", "listing", socks("1"));
        Thread.sleep(2);
        ModuleRecord second = as("adam", "listing", socks("2"));
        assertTrue(first.id().compareTo(second.id()) < 0);
        assertTrue(records.get("aaaaaaaaaaaaaaaaaaaaaaaaaa").isEmpty());
        assertTrue(records.get("not an id").isEmpty());
        assertThrows(RecordNotFoundException.class, () -> records.update("aaaaaaaaaaaaaaaaaaaaaaaaaa", socks("1")));
        assertThrows(RecordNotFoundException.class, () -> records.delete("not an id"));
    }

    @Test
    public void everyWriteTakesTheNextSequenceNumberOfItsModule() {
        ModuleRecord a = as("adam", "listing", socks("1"));
        ModuleRecord b = as("adam", "listing", socks("2"));
        ModuleRecord a2 = records.update(a.id(), socks("1.5"));
        records.delete(b.id());
        ModuleRecord c = as("adam", "listing", socks("3"));

        assertEquals(List.of(1L, 2L, 3L, 5L), List.of(a.sequence(), b.sequence(), a2.sequence(), c.sequence()));
        assertEquals(a.created(), a2.created());
        assertFalse(a2.updated().isBefore(a.updated()));
    }

    @Test
    public void onlyTheAuthorChangesOrDeletesARecordAndARefusalChangesNothing() {
        ModuleRecord socks = as("adam", "listing", socks("3.50"));

        acting.signIn("bea");
        assertThrows(NotAuthorException.class, () -> records.update(socks.id(), socks("0.01")));
        assertThrows(NotAuthorException.class, () -> records.delete(socks.id()));
        acting.signOut();
        assertThrows(NotAuthorException.class, () -> records.update(socks.id(), socks("0.01")));
        assertEquals(socks, records.get(socks.id()).orElseThrow());

        ModuleRecord moduleOwn = as(null, "setting", Map.of("k", "v"));
        acting.signIn("adam");
        NotAuthorException refused = assertThrows(NotAuthorException.class,
                () -> records.update(moduleOwn.id(), Map.of("k", "w")));
        assertTrue(refused.getMessage(), refused.getMessage().contains("belongs to the module itself"));
        acting.signOut();
        assertEquals("w", records.update(moduleOwn.id(), Map.of("k", "w")).payload().get("k"));
    }

    @Test
    public void recordsOfAnotherNodeAreReadButChangedByNobodyHere() {
        AuthorReference stephanie = new AuthorReference("stephanie");
        ModuleRecord theirs = records.receive("othernode", "listing", socks("4"), stephanie);
        acting.signIn("stephanie");
        assertTrue(acting.isAuthorOf(theirs));
        NotAuthorException refused = assertThrows(NotAuthorException.class,
                () -> records.update(theirs.id(), socks("5")));
        assertTrue(refused.getMessage(), refused.getMessage().contains("written on another node"));
        assertEquals(List.of(theirs), records.query(RecordQuery.ofType("listing")).records());
    }

    @Test
    public void deletedRecordsAreGoneFromReads() {
        ModuleRecord socks = as("adam", "listing", socks("3.50"));
        records.delete(socks.id());

        assertTrue(records.get(socks.id()).isEmpty());
        assertTrue(records.query(RecordQuery.ofType("listing")).records().isEmpty());
        assertThrows(RecordNotFoundException.class, () -> records.delete(socks.id()));
    }

    @Test
    public void badPayloadsAreRefusedAndLeaveNoTrace() {
        ModuleRecord kept = as("adam", "listing", socks("1"));

        assertThrows(InvalidRecordException.class, () -> records.create("listing", Map.of("x", new Object())));
        assertThrows(InvalidRecordException.class, () -> records.create("Listing!", socks("1")));
        assertThrows(InvalidRecordException.class, () -> records.create("a".repeat(33), socks("1")));
        assertThrows(InvalidRecordException.class, () -> records.create(null, socks("1")));
        assertThrows(InvalidRecordException.class, () -> records.create("listing", null));
        assertThrows(InvalidRecordException.class, () -> records.create("listing", Map.of("x", Double.NaN)));
        assertThrows(InvalidRecordException.class, () -> records.create("listing", nested(40)));
        assertThrows(InvalidRecordException.class, () -> records.create("listing", Map.of("m", Map.of(1, "x"))));
        assertThrows(RecordTooLargeException.class,
                () -> records.create("listing", Map.of("text", "x".repeat(70 * 1024))));
        assertThrows(RecordTooLargeException.class,
                () -> records.update(kept.id(), Map.of("text", "x".repeat(70 * 1024))));

        assertEquals(List.of(kept), records.query(RecordQuery.ofType("listing")).records());
        assertEquals(2, as("adam", "listing", socks("2")).sequence());
    }

    @Test
    public void aNullAtTheTopOfAPayloadIsRefusedClearlyAndDeeperDownKept() {
        acting.signIn("adam");
        Map<String, Object> payload = new HashMap<>();
        payload.put("gone", null);
        InvalidRecordException refused = assertThrows(InvalidRecordException.class,
                () -> records.create("note", payload));
        assertTrue(refused.getMessage(), refused.getMessage().contains("'gone' is null"));
        Map<String, Object> inner = new HashMap<>();
        inner.put("gone", null);
        assertEquals(inner, records.create("note", Map.of("inner", inner)).payload().get("inner"));
    }

    @Test
    public void aPayloadAtTheLimitIsTakenAndOneByteMoreIsNot() {
        acting.signIn("adam");
        int overhead = "{\"text\":\"\"}".length();
        records.create("note", Map.of("text", "x".repeat(64 * 1024 - overhead)));
        assertThrows(RecordTooLargeException.class,
                () -> records.create("note", Map.of("text", "x".repeat(64 * 1024 - overhead + 1))));
    }

    @Test
    public void queriesFilterSortAndPage() {
        adam = new AuthorReference("adam");
        ModuleRecord wool = as("adam", "listing", listing("Wool SOCKS", "warm", "3.50"));
        ModuleRecord silk = as("bea", "listing", listing("Silk scarf", "for socks lovers", "12.00"));
        ModuleRecord cheap = as("bea", "listing", listing("Old boots", "worn", "0.99"));
        ModuleRecord free = as("adam", "listing", Map.of("title", "Free hat"));
        as("adam", "wanted", listing("Socks wanted", "any", "1.00"));

        assertEquals(List.of(free, cheap, silk, wool), records.query(RecordQuery.ofType("listing")).records());
        assertEquals(List.of(wool, silk, cheap, free), found(RecordQuery.ofType("listing")
                .orderBy(RecordQuery.Order.oldestFirst())));
        assertEquals(List.of(silk, wool), found(RecordQuery.ofType("listing")
                .where(RecordFilter.textContains("sOcKs", "title", "description"))));
        assertEquals(List.of(wool), found(RecordQuery.ofType("listing")
                .where(RecordFilter.textContains("socks", "title"))));
        assertEquals(List.of(wool, cheap), found(RecordQuery.ofType("listing")
                .where(RecordFilter.numberBetween("price", new BigDecimal("0.5"), new BigDecimal("3.5")))
                .orderBy(RecordQuery.Order.byNumber("price", true))));
        assertEquals(List.of(cheap, wool, silk, free), found(RecordQuery.ofType("listing")
                .orderBy(RecordQuery.Order.byNumber("price", false))));
        assertEquals(List.of(silk, wool, cheap, free), found(RecordQuery.ofType("listing")
                .orderBy(RecordQuery.Order.byNumber("price", true))));
        assertEquals(List.of(free, wool), found(RecordQuery.ofType("listing").where(RecordFilter.authoredBy(adam))));
        assertEquals(List.of(silk), found(RecordQuery.ofType("listing")
                .where(RecordFilter.textEquals("title", "SILK SCARF"))));
        assertEquals(List.of(), found(RecordQuery.ofType("listing").where(RecordFilter.textContains("100%", "title"))));

        RecordPage first = records.query(RecordQuery.ofType("listing").page(0, 3));
        RecordPage second = records.query(RecordQuery.ofType("listing").page(3, 3));
        assertEquals(List.of(free, cheap, silk), first.records());
        assertTrue(first.hasMore());
        assertEquals(List.of(wool), second.records());
        assertFalse(second.hasMore());
        assertEquals(3, second.offset());
        assertEquals(List.of(), records.query(RecordQuery.ofType("listing").page(10, 3)).records());
    }

    @Test
    public void anUpdateChangesWhatQueriesFindAndTheRecentlyUpdatedOrder() throws InterruptedException {
        ModuleRecord socks = as("adam", "listing", listing("Wool socks", "warm", "3.50"));
        Thread.sleep(2);
        ModuleRecord hat = as("adam", "listing", listing("Hat", "warm", "5"));
        Thread.sleep(2);
        records.update(socks.id(), Map.of("title", "Cotton socks"));

        assertEquals(List.of(), found(RecordQuery.ofType("listing").where(RecordFilter.textContains("wool", "title"))));
        assertEquals(List.of(hat), found(RecordQuery.ofType("listing")
                .where(RecordFilter.numberBetween("price", BigDecimal.ZERO, null))));
        assertEquals(List.of(socks.id(), hat.id()), found(RecordQuery.ofType("listing")
                .orderBy(RecordQuery.Order.recentlyUpdatedFirst())).stream().map(ModuleRecord::id).toList());
    }

    @Test
    public void searchesLookAtTheFirstThousandCharactersOfAStringOnly() {
        ModuleRecord longOne = as("adam", "note", Map.of("text", "x".repeat(995) + "needle and more"));
        assertEquals(List.of(), found(RecordQuery.ofType("note").where(RecordFilter.textContains("needle", "text"))));
        assertEquals(List.of(longOne), found(RecordQuery.ofType("note")
                .where(RecordFilter.textContains("xnee", "text"))));
        assertEquals(List.of(), found(RecordQuery.ofType("note").where(RecordFilter.textContains("x", "other"))));
    }

    @Test
    public void numberFiltersLookAtNumbersOnly() {
        ModuleRecord number = as("adam", "item", Map.of("n", 5));
        as("adam", "item", Map.of("n", "5"));
        as("adam", "item", Map.of("m", 5));
        assertEquals(List.of(number), found(RecordQuery.ofType("item")
                .where(RecordFilter.numberBetween("n", new BigDecimal("5"), new BigDecimal("5")))));
    }

    private List<ModuleRecord> found(RecordQuery query) {
        return records.query(query).records();
    }

    static Map<String, Object> socks(String price) {
        return Map.of("title", "Wool socks", "price", new BigDecimal(price));
    }

    static Map<String, Object> listing(String title, String description, String price) {
        return Map.of("title", title, "description", description, "price", new BigDecimal(price));
    }

    static Map<String, Object> nested(int depth) {
        Map<String, Object> inner = Map.of("leaf", 1L);
        for (int i = 0; i < depth; i++) {
            inner = Map.of("n", inner);
        }
        return inner;
    }
}
