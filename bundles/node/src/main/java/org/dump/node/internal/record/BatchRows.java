package org.dump.node.internal.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

/**
 * The record and number rows that one batch of the {@link RecordWriter} reads and writes, in the batch's
 * transaction. Rows that exist are read and changed through JPA. Records the batch creates (most of a catch-up)
 * are kept here, changed in memory by later writes of the same batch, and inserted at the end with their number
 * rows in plain JDBC batches on the transaction's own connection: EclipseLink's unit of work took about a sixth
 * of the writer's time on top of Derby's own. Which records exist is asked first for the batch's whole range of ids
 * in one scan of the primary key: ids begin with their creation time ({@link RecordIds}), so a batch of a catch-up
 * or of new writes spans a narrow range that holds few other rows. Should the range hold more than twice the
 * batch's ids (records of many times at once, or old random ids), the ids are asked for one at a time. Both
 * queries name the primary key's index to Derby: a plan made while the table was still empty would otherwise scan
 * the whole table in every later batch.
 */
final class BatchRows {

    private static final String EXISTS = "SELECT ID FROM DUMP_RECORD WHERE ID = ?";
    private static final String BETWEEN = "SELECT ID FROM DUMP_RECORD WHERE ID BETWEEN ? AND ?";
    /** Per database (JDBC URL): the two queries with Derby's hint to use the primary key, as {EXISTS, BETWEEN}. */
    private static final Map<String, String[]> QUERIES = new ConcurrentHashMap<>();
    /** Rows sent to the database at once; a batch of 500 records with a few numbers each takes a few turns. */
    private static final int JDBC_BATCH = 500;

    private final EntityManager manager;
    /** Rows by id as read or created in this batch; null for an id known to have no row. */
    private final Map<String, RecordEntity> records = new HashMap<>();
    /** Records that this batch creates, in order: inserted by {@link #insertCreated}. */
    private final Map<String, RecordEntity> created = new LinkedHashMap<>();
    private final Map<String, Map<String, RecordFieldEntity>> fieldRows = new HashMap<>();

    /** @param manager the entity manager of the batch, its transaction begun */
    BatchRows(EntityManager manager) {
        this.manager = manager;
    }

    /** Finds out which of {@code ids} have a row, and reads those, so that {@link #record} asks nothing more. */
    void preload(Collection<String> ids) {
        List<String> unknown = ids.stream().filter(id -> !records.containsKey(id)).distinct().sorted().toList();
        if (unknown.isEmpty()) {
            return;
        }
        try {
            String[] queries = queries(connection());
            Set<String> stored = storedBetween(queries[1], unknown.get(0), unknown.get(unknown.size() - 1),
                    2 * unknown.size());
            try (PreparedStatement exists = stored == null ? connection().prepareStatement(queries[0]) : null) {
                for (String id : unknown) {
                    boolean found = stored != null ? stored.contains(id) : exists(exists, id);
                    records.put(id, found ? manager.find(RecordEntity.class, id) : null);
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read the records of a batch: " + e.getMessage(), e);
        }
    }

    /** @return the stored ids from {@code first} to {@code last}, or null if there are more than {@code most} */
    private Set<String> storedBetween(String query, String first, String last, int most) throws SQLException {
        try (PreparedStatement between = connection().prepareStatement(query)) {
            between.setString(1, first);
            between.setString(2, last);
            between.setMaxRows(most + 1);
            Set<String> stored = new HashSet<>();
            try (ResultSet rows = between.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            return stored.size() > most ? null : stored;
        }
    }

    private static boolean exists(PreparedStatement exists, String id) throws SQLException {
        exists.setString(1, id);
        try (ResultSet row = exists.executeQuery()) {
            return row.next();
        }
    }

    /**
     * @return {@link #EXISTS} and {@link #BETWEEN} for the database of {@code connection}, with Derby's hint to read
     *         the primary key's index; other databases read the hint as a comment, and without a primary key's name
     *         (another database's spelling) the queries go as they are
     */
    static String[] queries(Connection connection) throws SQLException {
        String[] known = QUERIES.get(connection.getMetaData().getURL());
        if (known != null) {
            return known;
        }
        String key = null;
        try (ResultSet keys = connection.getMetaData().getPrimaryKeys(null, null, "DUMP_RECORD")) {
            if (keys.next()) {
                key = keys.getString("PK_NAME");
            }
        }
        String hint = key == null ? "" : " --DERBY-PROPERTIES constraint=" + key + "\n";
        String[] queries = {
            EXISTS.replace("DUMP_RECORD WHERE", "DUMP_RECORD" + hint + " WHERE"),
            BETWEEN.replace("DUMP_RECORD WHERE", "DUMP_RECORD" + hint + " WHERE")};
        QUERIES.put(connection.getMetaData().getURL(), queries);
        return queries;
    }

    /** @return the row of record {@code id} as this batch has left it so far, or null */
    RecordEntity record(String id) {
        if (records.containsKey(id)) {
            return records.get(id);
        }
        RecordEntity found = manager.find(RecordEntity.class, id);
        records.put(id, found);
        return found;
    }

    /** Adds the row of a new record; it is inserted at the end of the batch, as it is by then. */
    void create(RecordEntity entity) {
        records.put(entity.id(), entity);
        created.put(entity.id(), entity);
        fieldRows.put(entity.id(), new HashMap<>());
    }

    /** Makes the number rows of a record say what {@code numbers} says: rows changed, added or removed. */
    void index(String recordId, Map<String, Double> numbers) {
        boolean fresh = created.containsKey(recordId);
        Map<String, RecordFieldEntity> rows = fieldRows.computeIfAbsent(recordId, this::loadFields);
        for (String gone : List.copyOf(rows.keySet())) {
            if (!numbers.containsKey(gone)) {
                RecordFieldEntity row = rows.remove(gone);
                if (!fresh) {
                    manager.remove(row);
                }
            }
        }
        numbers.forEach((name, value) -> {
            RecordFieldEntity row = rows.get(name);
            if (row == null) {
                row = new RecordFieldEntity(recordId, name);
                if (!fresh) {
                    manager.persist(row);
                }
                rows.put(name, row);
            }
            row.set(value);
        });
    }

    /** Inserts the records this batch created, and their number rows, on the transaction's connection. */
    void insertCreated() {
        if (created.isEmpty()) {
            return;
        }
        Connection connection = connection();
        try (PreparedStatement records = connection.prepareStatement(RecordEntity.INSERT);
                PreparedStatement fields = connection.prepareStatement(RecordFieldEntity.INSERT)) {
            int pending = 0;
            for (RecordEntity record : created.values()) {
                record.bindInsert(records);
                records.addBatch();
                if (++pending % JDBC_BATCH == 0) {
                    records.executeBatch();
                }
            }
            records.executeBatch();
            for (String id : created.keySet()) {
                for (RecordFieldEntity field : fieldRows.get(id).values()) {
                    field.bindInsert(fields);
                    fields.addBatch();
                    if (++pending % JDBC_BATCH == 0) {
                        fields.executeBatch();
                    }
                }
            }
            fields.executeBatch();
        } catch (SQLException e) {
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw new PersistenceException("could not insert the new records of a batch: " + cause.getMessage(), e);
        }
    }

    /** The connection of the batch's transaction: EclipseLink begins it on the database when first asked. */
    private Connection connection() {
        return manager.unwrap(Connection.class);
    }

    private Map<String, RecordFieldEntity> loadFields(String recordId) {
        Map<String, RecordFieldEntity> rows = new HashMap<>();
        manager.createQuery("SELECT f FROM RecordFieldEntity f WHERE f.recordId = :id", RecordFieldEntity.class)
                .setParameter("id", recordId).getResultList().forEach(f -> rows.put(f.name(), f));
        return rows;
    }
}
