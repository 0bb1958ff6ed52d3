package org.dump.node.internal.record;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.module.RunningModule;
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
 * The search index with real Lucene in a folder and the record store on real embedded Derby: kept in step with
 * local writes, records of peers and deletions, caught up after writes it missed, made again when lost, and always
 * answering as SQL answers the same query.
 */
public class RecordSearchTest {

    private static final RunningModule MARKET = new RunningModule("market", new Version(1, 0, 0), 42,
            "org.dump.module.market", new Version(1, 0, 0));
    private static final AuthorReference ADAM = new AuthorReference("adamadamadamadamadamadamad");

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    private final TestNodeIdentity identity = new TestNodeIdentity();
    private Path indexFolder;
    private TestRecords records;

    @Before
    public void start() throws IOException {
        indexFolder = folder.newFolder("search").toPath();
        records = open(indexFolder);
    }

    @After
    public void stop() {
        records.stop();
    }

    private TestRecords open(Path index) {
        TestRecords store = new TestRecords(database.factory(), identity, 64 * 1024, index);
        store.declareSearch("market", "listing.title", "listing.description");
        // Until the index of a newly declared module is made, its searches go to SQL: wait, as tests check the index.
        store.search().settled().join();
        return store;
    }

    @Test
    public void writesUpdatesAndDeletesAreSearchableAtOnce() {
        ModuleRecord socks = records.create(MARKET, "listing", listing("Red wool socks", "warm", 5), ADAM);
        records.create(MARKET, "listing", listing("Blue hat", "a red ribbon", 7), ADAM);
        assertEquals(List.of(socks.id()), indexed(search("wool sock")));
        assertEquals(2, indexed(search("red")).size());

        records.update(MARKET, socks.id(), listing("Green cotton socks", "warm", 5), ADAM);
        assertEquals(List.of(), indexed(search("wool")));
        assertEquals(List.of(socks.id()), indexed(search("COTTON")));

        records.delete(MARKET, socks.id(), ADAM);
        assertEquals(List.of(), indexed(search("cotton")));
        assertEquals(1, indexed(search("red")).size());
    }

    @Test
    public void everyRecordIsInTheIndexOnceAfterARebuildAndTheWritesAfterIt() {
        for (int i = 0; i < 5; i++) {
            records.create(MARKET, "listing", listing("Oak table " + i, "", i), ADAM);
        }
        assertEquals(5, (int) records.search().rebuild("market").join());
        ModuleRecord chair = records.create(MARKET, "listing", listing("Oak chair", "", 9), ADAM); // added, not replaced
        records.update(MARKET, chair.id(), listing("Oak stool", "", 9), ADAM);
        List<String> found = indexed(search("oak"));
        assertEquals(6, found.size());
        assertEquals(6, Set2.of(found).size());
        assertEquals(List.of(chair.id()), indexed(search("oak stool")));
        assertEquals(6, records.search().index().size());
    }

    @Test
    public void twoWordsAreFoundWhereverTheyStartAndEndInAWord() {
        ModuleRecord socks = records.create(MARKET, "listing", listing("Woollen socks", "hand-knitted, warm", 5), ADAM);
        records.create(MARKET, "listing", listing("Wool sock", "socks of wool", 5), ADAM);
        assertEquals(List.of(socks.id()), indexed(search("len sock")));
        assertEquals(List.of(socks.id()), indexed(search("d-knitted, wa")));
        assertEquals(List.of(), indexed(search("len, sock")));
        assertEquals(1, indexed(search("ol sock")).size()); // "woollen socks" holds "len sock", not "ol sock"
    }

    @Test
    public void recordsOfPeersAndTheirDeletionsAreSearchable() {
        TestNodeIdentity y = new TestNodeIdentity();
        Function<String, Optional<Ed25519PublicKey>> keys = id -> Optional.of(y.publicKey());
        SignedRecord hat = remote(y, "remoterecordremoterecordre", 1, false, "{\"price\":5,\"title\":\"Felt hat\"}");
        records.ingest(List.of(hat), keys);
        assertEquals(List.of(hat.id()), indexed(search("felt")));

        records.ingest(List.of(remote(y, hat.id(), 2, true, null)), keys);
        assertEquals(List.of(), indexed(search("felt")));
    }

    @Test
    public void writesTheIndexMissedAreCaughtUpAtStart() {
        ModuleRecord kept = records.create(MARKET, "listing", listing("Old lamp", "", 3), ADAM);
        ModuleRecord gone = records.create(MARKET, "listing", listing("Old chair", "", 4), ADAM);
        records.stop();
        // A node that wrote without its index: as after a crash, the index has not seen these batches.
        TestRecords blind = new TestRecords(database.factory(), identity, 64 * 1024, (Path) null);
        ModuleRecord added = blind.create(MARKET, "listing", listing("Old table", "", 5), ADAM);
        blind.delete(MARKET, gone.id(), ADAM);
        blind.update(MARKET, kept.id(), listing("Old lamp, new shade", "", 3), ADAM);
        blind.stop();

        records = open(indexFolder);
        assertEquals(Set2.of(kept.id(), added.id()), Set2.of(indexed(search("old"))));
        assertEquals(List.of(kept.id()), indexed(search("new shade")));
    }

    @Test
    public void aLostOrDamagedIndexIsMadeAgainFromTheDatabase() throws IOException {
        ModuleRecord lamp = records.create(MARKET, "listing", listing("Brass lamp", "", 3), ADAM);
        records.stop();
        try (Stream<Path> files = Files.list(indexFolder)) {
            for (Path file : files.toList()) {
                Files.write(file, new byte[] {1, 2, 3}); // every file of the index damaged
            }
        }
        records = open(indexFolder); // the index made again once the module declared its fields
        assertEquals(List.of(lamp.id()), indexed(search("brass")));
        assertEquals(1, (int) records.search().rebuild("market").join());
        assertEquals(List.of(lamp.id()), indexed(search("brass")));
    }

    @Test
    public void queryTextIsNeverSyntaxAndAHugeOneIsRefused() {
        String[] odd = {"foo AND bar*", "(title:x)", "a\\b", "~^?[{", "\"quoted\"", "-x +y", "50%_", "ü😀", "a", "b*"};
        for (String text : odd) {
            records.create(MARKET, "listing", listing("item " + text + " end", "", 1), ADAM);
        }
        records.create(MARKET, "listing", listing("foo bar", "title x", 1), ADAM);
        for (String text : odd) {
            RecordQuery query = RecordQuery.ofType("listing").where(RecordFilter.textContains(text, "title"));
            List<String> expected = records.query("market", query).records().stream()
                    .filter(r -> ((String) r.payload().get("title")).toLowerCase().contains(text.toLowerCase()))
                    .map(ModuleRecord::id).toList();
            assertEquals(text, expected, indexed(query));
            assertTrue(text, !expected.isEmpty());
        }
        assertThrows(IllegalArgumentException.class, () -> RecordFilter.textContains("x".repeat(1001), "title"));
    }

    @Test
    public void textWithPriceFiltersOrdersAndPagesAnswerAsSqlDoes() {
        Random random = new Random(7);
        String[] words = {"red", "blue", "wool", "socks", "lamp", "oak", "table", "hat"};
        for (int i = 0; i < 300; i++) {
            records.create(MARKET, "listing", listing(words(random, words, 3), words(random, words, 8),
                    random.nextInt(100)), new AuthorReference("author" + "abc".charAt(i % 3) + "x".repeat(19)));
        }
        records.create(MARKET, "listing", Map.of("title", "red socks without a price"), ADAM);
        TestRecords sql = new TestRecords(database.factory(), identity, 64 * 1024, (Path) null);
        try {
            for (int i = 0; i < 60; i++) {
                RecordQuery query = RecordQuery.ofType("listing")
                        .where(RecordFilter.textContains(words(random, words, 1 + i % 2), "title", "description"))
                        .orderBy(List.of(RecordQuery.Order.newestFirst(), RecordQuery.Order.byNumber("price", false),
                                RecordQuery.Order.byNumber("price", true)).get(i % 3))
                        .page(i % 4 * 7, 5 + i % 11);
                if (i % 2 == 0) {
                    int min = random.nextInt(80);
                    query = query.where(RecordFilter.numberBetween("price", BigDecimal.valueOf(min),
                            BigDecimal.valueOf(min + 30)));
                }
                RecordPage expected = sql.query("market", query);
                assertEquals(query.toString(), Optional.of(expected), records.searchPage("market", query));
            }
        } finally {
            sql.stop();
        }
    }

    @Test
    public void aModuleThatDeclaresOtherFieldsIsIndexedAgainAndSearchableAtOnce() {
        ModuleRecord hat = records.create(MARKET, "listing", Map.of("title", "hat", "colour", "crimson"), ADAM);
        RecordQuery query = RecordQuery.ofType("listing").where(RecordFilter.textContains("crim", "colour"));
        indexed(search("hat")); // a search has opened the index's view before the declaration changes
        records.declareSearch("market", "listing.title", "listing.colour");
        records.search().settled().join();
        assertEquals(List.of(hat.id()), indexed(query));
    }

    @Test
    public void fieldsTheModuleDidNotDeclareAreSearchedBySql() {
        records.create(MARKET, "listing", Map.of("title", "hat", "colour", "crimson"), ADAM);
        RecordQuery query = RecordQuery.ofType("listing").where(RecordFilter.textContains("crim", "colour"));
        assertEquals(Optional.empty(), records.searchPage("market", query));
        assertEquals(1, records.query("market", query).records().size());
    }

    private static RecordQuery search(String text) {
        return RecordQuery.ofType("listing").where(RecordFilter.textContains(text, "title", "description"));
    }

    /** @return the ids the index answers {@code query} with; fails if the index cannot answer */
    private List<String> indexed(RecordQuery query) {
        return records.searchPage("market", query).orElseThrow(() -> new AssertionError("the index did not answer"))
                .records().stream().map(ModuleRecord::id).toList();
    }

    private static Map<String, Object> listing(String title, String description, int price) {
        return Map.of("title", title, "description", description, "price", price, "currency", "EUR");
    }

    private static String words(Random random, String[] words, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
        }
        return text.toString();
    }

    private static SignedRecord remote(TestNodeIdentity origin, String id, long sequence, boolean deleted,
            String payload) {
        SignedRecord unsigned = new SignedRecord("market", "listing", id, origin.id(), sequence, null, 1000,
                1000 + sequence, "1.0.0", deleted, payload, null);
        return unsigned.withSignature(Base64.getEncoder().encodeToString(origin.sign(unsigned.signedBytes())));
    }

    /** Sets of ids, where the order of an answer does not matter. */
    private static final class Set2 {
        static java.util.Set<String> of(String... ids) {
            return java.util.Set.of(ids);
        }

        static java.util.Set<String> of(List<String> ids) {
            return java.util.Set.copyOf(ids);
        }
    }
}
