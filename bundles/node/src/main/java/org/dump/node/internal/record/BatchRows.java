package org.dump.node.internal.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

/**
 * The record and number rows that one batch of the {@link RecordWriter} reads and writes, in the batch's
 * transaction. Rows that exist are read and changed through JPA. Records the batch creates (most of a catch-up)
 * are kept here, changed in memory by later writes of the same batch, and inserted at the end with their number
 * rows in plain JDBC batches on the transaction's own connection: EclipseLink's unit of work took about a sixth
 * of the writer's time on top of Derby's own. Which records exist is asked one id at a time on the primary key: a query
 * with a list of 500 ids is planned by Derby once, and if that was while the table was still empty, every later
 * batch scanned the whole table.
 */
final class BatchRows {

    private static final String EXISTS = "SELECT ID FROM DUMP_RECORD WHERE ID = ?";
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
        List<String> unknown = ids.stream().filter(id -> !records.containsKey(id)).distinct().toList();
        if (unknown.isEmpty()) {
            return;
        }
        try (PreparedStatement exists = connection().prepareStatement(EXISTS)) {
            for (String id : unknown) {
                exists.setString(1, id);
                try (ResultSet row = exists.executeQuery()) {
                    records.put(id, row.next() ? manager.find(RecordEntity.class, id) : null);
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read the records of a batch: " + e.getMessage(), e);
        }
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
