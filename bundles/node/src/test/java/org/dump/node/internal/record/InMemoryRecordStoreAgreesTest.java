package org.dump.node.internal.record;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

import org.dump.api.author.ActingUser;
import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordQuery;
import org.dump.node.module.RunningModule;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.dump.testkit.InMemoryRecordStore;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;

/**
 * The developer kit's in-memory record store (devkit/module-testkit), which module authors unit-test against, gives
 * the answers of this store on a real database: the same random writes, by the same authors at the same times, go
 * to both, and every write's outcome (its record, or the class of its refusal) and every query's page must agree,
 * record for record. Ids are random in both; a record's id here is matched with the id of the record the same write
 * made there. The clock moves one millisecond per write, so that ids sort alike in both. Once with the node's text
 * searches answered from the database, once from its full-text index.
 */
public class InMemoryRecordStoreAgreesTest {

    private static final RunningModule NOTES = new RunningModule("notes", new Version(1, 0, 0), 42,
            "org.example.notes", new Version(1, 0, 0));
    private static final List<String> WORDS = List.of("Wool", "socks", "RED", "scarf", "100%", "a_b", "Ünïcode");
    private static final List<String> TYPES = List.of("note", "item");
    private static final List<AuthorReference> AUTHORS = java.util.Arrays.asList(new AuthorReference("adam"),
            new AuthorReference("bea"), null);

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    private final long[] now = {Instant.parse("2026-12-01T10:00:00Z").toEpochMilli()};
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now[0]);
        }
    };
    private AuthorReference acting;
    private TestRecords node;
    private InMemoryRecordStore memory;
    /** The in-memory store's id of each record, by the node's id. */
    private final Map<String, String> ids = new LinkedHashMap<>();

    @Before
    public void open() {
        ActingUser actingUser = new ActingUser() {
            @Override
            public Optional<AuthorReference> author() {
                return Optional.ofNullable(acting);
            }

            @Override
            public boolean isAuthorOf(ModuleRecord record) {
                return acting != null && acting.equals(record.author());
            }
        };
        memory = new InMemoryRecordStore("notes", "1.0.0", actingUser, clock, 4096);
    }

    @After
    public void close() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    public void randomWritesAndQueriesGetTheSameAnswersAsFromTheDatabase() {
        node = new TestRecords(database.factory(), new TestNodeIdentity(), 4096, clock);
        agree(new Random(28));
    }

    /** The same when the node answers text searches from its full-text index (fields in {@code @Module(search)}). */
    @Test
    public void randomWritesAndQueriesGetTheSameAnswersAsFromTheTextIndex() throws java.io.IOException {
        node = new TestRecords(database.factory(), new TestNodeIdentity(), 4096, clock, DatabaseSpace.UNWATCHED,
                folder.newFolder("search").toPath());
        node.declareSearch("notes", "note.title", "note.text", "item.title", "item.text");
        node.search().settled().join(); // until the index of a newly declared module is made, SQL answers
        agree(new Random(29));
    }

    private void agree(Random random) {
        for (int step = 0; step < 200; step++) {
            now[0]++;
            acting = AUTHORS.get(random.nextInt(AUTHORS.size()));
            int what = random.nextInt(10);
            if (what < 4 || ids.isEmpty()) {
                String type = random.nextInt(20) == 0 ? "Bad-Type" : TYPES.get(random.nextInt(TYPES.size()));
                Map<String, Object> payload = payload(random);
                compareWrite("create " + type + " " + payload, () -> node.create(NOTES, type, payload, acting),
                        () -> memory.create(type, payload));
            } else if (what < 6) {
                String id = someId(random);
                Map<String, Object> payload = payload(random);
                compareWrite("update " + id + " " + payload, () -> node.update(NOTES, id, payload, acting),
                        () -> memory.update(ids.getOrDefault(id, id), payload));
            } else if (what < 7) {
                String id = someId(random);
                compareWrite("delete " + id, () -> {
                    node.delete(NOTES, id, acting);
                    return null;
                }, () -> {
                    memory.delete(ids.getOrDefault(id, id));
                    return null;
                });
            } else {
                RecordQuery query = query(random);
                assertEquals("step " + step + ": " + query, mapped(node.query("notes", query).records()),
                        memory.query(query).records().stream().map(InMemoryRecordStoreAgreesTest::comparable).toList());
            }
        }
    }

    /** Runs one write on both stores: both refuse it with the same exception class, or both store the same record. */
    private void compareWrite(String write, Supplier<ModuleRecord> onNode, Supplier<ModuleRecord> inMemory) {
        Object nodeAnswer;
        Object memoryAnswer;
        try {
            ModuleRecord record = onNode.get();
            nodeAnswer = record == null ? "done" : record;
        } catch (RuntimeException e) {
            nodeAnswer = e.getClass();
        }
        try {
            ModuleRecord record = inMemory.get();
            memoryAnswer = record == null ? "done" : record;
        } catch (RuntimeException e) {
            memoryAnswer = e.getClass();
        }
        if (nodeAnswer instanceof ModuleRecord stored && memoryAnswer instanceof ModuleRecord kept) {
            ids.putIfAbsent(stored.id(), kept.id());
            assertEquals(write, comparable(stored, ids.get(stored.id())), comparable(kept));
        } else {
            assertEquals(write, nodeAnswer, memoryAnswer);
        }
    }

    private List<List<Object>> mapped(List<ModuleRecord> records) {
        return records.stream().map(record -> comparable(record, ids.get(record.id()))).toList();
    }

    private static List<Object> comparable(ModuleRecord record) {
        return comparable(record, record.id());
    }

    /** Everything of a record but its origin (each store is a node of its own), with the in-memory store's id. */
    private static List<Object> comparable(ModuleRecord record, String id) {
        return java.util.Arrays.asList(id, record.module(), record.type(), record.sequence(), record.author(),
                record.created(), record.updated(), record.dataVersion(), record.payload());
    }

    private String someId(Random random) {
        List<String> known = new ArrayList<>(ids.keySet());
        return random.nextInt(15) == 0 ? "aaaaaaaaaaaaaaaaaaaaaaaaaa" : known.get(random.nextInt(known.size()));
    }

    private static Map<String, Object> payload(Random random) {
        Map<String, Object> payload = new HashMap<>();
        if (random.nextInt(10) > 0) {
            payload.put("title", words(random, 1 + random.nextInt(3)));
        }
        switch (random.nextInt(6)) {
            case 0 -> payload.put("price", new BigDecimal(random.nextInt(5) + "." + random.nextInt(10) + "0"));
            case 1 -> payload.put("price", random.nextInt(4));
            case 2 -> payload.put("price", "3");
            case 3 -> payload.put("price", 2.5d);
            default -> { }
        }
        if (random.nextInt(8) == 0) {
            payload.put("text", "x".repeat(990 + random.nextInt(20)) + words(random, 2));
        }
        if (random.nextInt(10) == 0) {
            payload.put("text", nearTheLimit(random)); // as large as 4096 bytes of JSON, a few bytes more or less
        }
        if (random.nextInt(30) == 0) {
            payload.put("tags", List.of(words(random, 1), Map.of("deep", true)));
        }
        return payload;
    }

    /** Text whose JSON is about as long as the stores take, with characters that JSON escapes or UTF-8 widens. */
    private static String nearTheLimit(Random random) {
        String[] pieces = {"a", "\"", "\\", "\n", "\t", "\b", "\u0001", "é", "€", "/"};
        StringBuilder text = new StringBuilder();
        int target = 3960 + random.nextInt(120);
        while (text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < target) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private static String words(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
        }
        return text.toString();
    }

    private RecordQuery query(Random random) {
        RecordQuery query = RecordQuery.ofType(TYPES.get(random.nextInt(TYPES.size())));
        int filters = random.nextInt(3);
        for (int i = 0; i < filters; i++) {
            query = query.where(switch (random.nextInt(4)) {
                case 0 -> RecordFilter.textContains(randomCase(random, WORDS.get(random.nextInt(WORDS.size()))),
                        "title", "text");
                case 1 -> RecordFilter.textEquals("title", randomCase(random, WORDS.get(random.nextInt(WORDS.size()))));
                case 2 -> RecordFilter.numberBetween("price", random.nextBoolean() ? null : new BigDecimal("1"),
                        random.nextBoolean() ? null : new BigDecimal("3.5"));
                default -> RecordFilter.authoredBy(AUTHORS.get(random.nextInt(2)));
            });
        }
        query = query.orderBy(switch (random.nextInt(5)) {
            case 0 -> RecordQuery.Order.newestFirst();
            case 1 -> RecordQuery.Order.oldestFirst();
            case 2 -> RecordQuery.Order.recentlyUpdatedFirst();
            default -> RecordQuery.Order.byNumber("price", random.nextBoolean());
        });
        return query.page(random.nextInt(4) * 3, 1 + random.nextInt(10));
    }

    private static String randomCase(Random random, String word) {
        return random.nextBoolean() ? word.toUpperCase(java.util.Locale.ROOT) : word.toLowerCase(java.util.Locale.ROOT);
    }
}
