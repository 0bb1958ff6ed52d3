package org.dump.node.internal.record;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import org.dump.node.record.SignedRecord;
import org.dump.node.testing.NodeDatabase;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/**
 * The rows of one writer batch on a real Derby database: records the batch creates are inserted with plain JDBC as
 * the batch left them, in the same transaction as what JPA writes, and go with it if it rolls back.
 */
public class BatchRowsTest {

    private static final String ORIGIN = "originoriginoriginoriginoriginor";

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    @Test
    public void aRecordCreatedAndChangedInOneBatchIsStoredAsTheBatchLeftIt() throws SQLException {
        inBatch(rows -> {
            RecordEntity created = new RecordEntity(version("createdcreatedcreatedcreat", 1,
                    "{\"price\":5,\"weight\":2}"));
            rows.create(created);
            rows.index(created.id(), Map.of("price", 5.0, "weight", 2.0));
            RecordEntity again = rows.record(created.id());
            assertSame(created, again);
            again.copy(version(created.id(), 2, "{\"price\":6}"));
            again.textIndex("six");
            rows.index(created.id(), Map.of("price", 6.0));
            rows.insertCreated();
        });

        assertEquals(List.of("2 {\"price\":6} six"), strings("SELECT SEQ, PAYLOAD_TEXT, TEXT_INDEX FROM DUMP_RECORD"));
        assertEquals(Map.of("price", 6.0), numbers("createdcreatedcreatedcreat"));
        assertEquals("read back through JPA as written", version("createdcreatedcreatedcreat", 2, "{\"price\":6}"),
                database.transactions().read(m -> m.find(RecordEntity.class, "createdcreatedcreatedcreat").toSigned()));
    }

    @Test
    public void aDeletionInTheSameBatchStoresTheDeletedRowWithoutNumbers() throws SQLException {
        inBatch(rows -> {
            RecordEntity created = new RecordEntity(version("shortlivedshortlivedshortl", 1, "{\"price\":5}"));
            rows.create(created);
            rows.index(created.id(), Map.of("price", 5.0));
            created.copy(version(created.id(), 2, null));
            created.textIndex(null);
            rows.index(created.id(), Map.of());
            rows.insertCreated();
        });

        assertEquals(List.of("1 null"), strings("SELECT DELETED, PAYLOAD_TEXT FROM DUMP_RECORD"));
        assertEquals(Map.of(), numbers("shortlivedshortlivedshortl"));
    }

    @Test
    public void storedRowsAreFoundByThePreloadAndChangedThroughJpa() throws SQLException {
        inBatch(rows -> {
            RecordEntity created = new RecordEntity(version("storedstoredstoredstoredst", 1, "{\"price\":5}"));
            rows.create(created);
            rows.index(created.id(), Map.of("price", 5.0));
            rows.insertCreated();
        });

        inBatch(rows -> {
            rows.preload(List.of("storedstoredstoredstoredst", "absentabsentabsentabsentab"));
            assertNull(rows.record("absentabsentabsentabsentab"));
            RecordEntity stored = rows.record("storedstoredstoredstoredst");
            assertNotNull(stored);
            stored.copy(version(stored.id(), 2, "{\"pairs\":1,\"price\":7}"));
            rows.index(stored.id(), Map.of("price", 7.0, "pairs", 1.0));
            rows.insertCreated();
        });

        assertEquals(List.of("2 {\"pairs\":1,\"price\":7}"), strings("SELECT SEQ, PAYLOAD_TEXT FROM DUMP_RECORD"));
        assertEquals(Map.of("price", 7.0, "pairs", 1.0), numbers("storedstoredstoredstoredst"));
    }

    @Test
    public void thePreloadFindsWhatIsStoredWhetherItsRangeHoldsFewOrManyOtherRows() throws SQLException {
        List<String> stored = new java.util.ArrayList<>();
        inBatch(rows -> {
            for (int i = 0; i < 30; i++) {
                String id = RecordIds.next(1_700_000_000_000L + 10 * i);
                stored.add(id);
                rows.create(new RecordEntity(version(id, i + 1, "{}")));
            }
            rows.insertCreated();
        });
        String before = RecordIds.next(1_600_000_000_000L);
        String between = RecordIds.next(1_700_000_000_005L);
        String after = RecordIds.next(1_800_000_000_000L);
        // A narrow batch: ids 10 to 14 and one absent among them, read in one scan of their range.
        List<String> narrow = List.of(stored.get(10), stored.get(11), RecordIds.next(1_700_000_000_115L),
                stored.get(12), stored.get(14));
        // A wide batch: its range holds all 30 rows, far more than twice its ids, so each is asked for alone.
        List<String> wide = List.of(before, stored.get(0), between, stored.get(29), after);
        for (List<String> batch : List.of(narrow, wide)) {
            inBatch(rows -> {
                rows.preload(batch);
                for (String id : batch) {
                    RecordEntity row = rows.record(id);
                    assertEquals(id, stored.contains(id), row != null);
                    if (row != null) {
                        assertEquals(id, row.id());
                    }
                }
            });
        }
    }

    @Test
    public void aRefusedInsertRollsBackTheWholeBatch() throws SQLException {
        inBatch(rows -> {
            rows.create(new RecordEntity(version("firstfirstfirstfirstfirstf", 1, "{\"price\":5}")));
            rows.insertCreated();
        });

        EntityManager manager = database.factory().createEntityManager();
        try {
            manager.getTransaction().begin();
            BatchRows rows = new BatchRows(manager);
            RecordEntity first = rows.record("firstfirstfirstfirstfirstf");
            first.copy(version(first.id(), 2, "{\"price\":6}"));
            rows.index(first.id(), Map.of("price", 6.0));
            // Another record with a sequence number the origin already used: the unique index refuses it.
            rows.create(new RecordEntity(version("samesequencesamesequencesa", 2, "{}")));
            assertThrows(PersistenceException.class, rows::insertCreated);
        } finally {
            manager.getTransaction().rollback();
            manager.close();
        }

        assertEquals(List.of("1 {\"price\":5}"), strings("SELECT SEQ, PAYLOAD_TEXT FROM DUMP_RECORD"));
        assertEquals(Map.of(), numbers("firstfirstfirstfirstfirstf"));
        inBatch(rows -> {
            rows.create(new RecordEntity(version("secondsecondsecondsecondse", 3, "{}")));
            rows.insertCreated();
        });
        assertEquals("the next batch is stored", List.of("1", "3"),
                strings("SELECT SEQ FROM DUMP_RECORD ORDER BY SEQ"));
    }

    private void inBatch(Consumer<BatchRows> work) {
        database.transactions().write(manager -> {
            work.accept(new BatchRows(manager));
            return null;
        });
    }

    private static SignedRecord version(String id, long sequence, String payload) {
        return new SignedRecord("market", "listing", id, ORIGIN, sequence, null, 1000, 1000 + sequence, "1.0.0",
                payload == null, payload, "signature" + sequence);
    }

    private List<String> strings(String query) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(query);
                ResultSet result = select.executeQuery()) {
            List<String> rows = new java.util.ArrayList<>();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.append(i > 1 ? " " : "").append(result.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    private Map<String, Double> numbers(String recordId) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT NAME, NUMBER_VALUE FROM DUMP_RECORD_FIELD WHERE RECORD_ID = ?")) {
            select.setString(1, recordId);
            Map<String, Double> numbers = new TreeMap<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    numbers.put(result.getString(1), result.getDouble(2));
                }
            }
            return numbers;
        }
    }
}
