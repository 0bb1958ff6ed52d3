package org.dump.node.internal.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.PersistenceException;

import org.dump.node.persistence.Transactions;
import org.dump.node.record.SignedRecord;

/**
 * What the search index reads from the database, in plain SQL on a transaction's connection (EclipseLink hands one
 * out only in a transaction; these write nothing): the last writer batch, the rows written since a batch (catch-up
 * after a crash), all live rows of a module (rebuild), and rows by id (to check what the index answers).
 */
final class SearchRows {

    /** Rows read at once by a catch-up or a rebuild. */
    static final int PAGE = 1_000;

    private static final String COLUMNS = RecordEntity.COLUMNS;

    private final Transactions transactions;

    SearchRows(Transactions transactions) {
        this.transactions = transactions;
    }

    /** @return the highest writer batch that wrote a row, 0 if none did */
    long lastBatch() {
        return jdbc(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT MAX(LOCAL_CHANGE) FROM DUMP_RECORD");
                    ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0L;
            }
        });
    }

    /** A row as a catch-up reads it: the record and the writer batch that last wrote it. */
    record Written(SignedRecord record, long batch) {
    }

    /**
     * @return up to {@link #PAGE} rows last written by batches after {@code after}, live or deleted, in batch order;
     *         a full page may end in the middle of a batch, so the next page starts again with that batch
     */
    List<Written> writtenAfter(long after) {
        return jdbc(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + ", LOCAL_CHANGE FROM"
                    + " DUMP_RECORD" + RecordIndexes.hint(RecordIndexes.LOCAL_CHANGE) + " WHERE LOCAL_CHANGE > ?"
                    + " ORDER BY LOCAL_CHANGE FETCH FIRST " + PAGE + " ROWS ONLY")) {
                select.setLong(1, after);
                List<Written> rows = new ArrayList<>();
                try (ResultSet found = select.executeQuery()) {
                    while (found.next()) {
                        rows.add(new Written(RecordEntity.fromRow(found), found.getLong(14)));
                    }
                }
                return rows;
            }
        });
    }

    /** @return up to {@link #PAGE} live rows of {@code module} with ids after {@code afterId}, in id order */
    List<SignedRecord> liveAfter(String module, String afterId) {
        // Along the primary key, named to Derby: its own plan scanned and sorted the whole table for every page.
        return jdbc(connection -> read(connection, "SELECT " + COLUMNS + " FROM DUMP_RECORD" + primaryKey(connection)
                + " WHERE ID > ? AND MODULE = ? AND DELETED = ? ORDER BY ID FETCH FIRST " + PAGE + " ROWS ONLY",
                afterId, module, Boolean.FALSE));
    }

    /** @return Derby's hint to read DUMP_RECORD along its primary key (a comment to other databases), or nothing */
    private static String primaryKey(Connection connection) throws SQLException {
        try (ResultSet keys = connection.getMetaData().getPrimaryKeys(null, null, "DUMP_RECORD")) {
            return keys.next() ? " --DERBY-PROPERTIES constraint=" + keys.getString("PK_NAME") + "\n" : " ";
        }
    }

    /** @return the stored rows of {@code ids} that exist, by id */
    Map<String, SignedRecord> byId(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        List<SignedRecord> rows = jdbc(connection -> read(connection, "SELECT " + COLUMNS + " FROM DUMP_RECORD WHERE ID IN ("
                + marks + ")", ids.toArray()));
        Map<String, SignedRecord> found = new HashMap<>();
        rows.forEach(r -> found.put(r.id(), r));
        return found;
    }

    private static List<SignedRecord> read(Connection connection, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<SignedRecord> rows = new ArrayList<>();
            try (ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    rows.add(RecordEntity.fromRow(found));
                }
            }
            return rows;
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T jdbc(Work<T> work) {
        return transactions.write(manager -> {
            try {
                return work.run(manager.unwrap(Connection.class));
            } catch (SQLException e) {
                throw new PersistenceException("could not read records for the search index: " + e.getMessage(), e);
            }
        });
    }
}
