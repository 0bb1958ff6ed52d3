package org.dump.backup.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.dump.backup.BackupException;
import org.dump.backup.BackupProgress;
import org.dump.backup.internal.Manifest.TableRows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Replaces every row of the node's tables with a backup's, on the caller's transaction. Values are bound by the
 * target's column types, so a backup from one database restores into another.
 */
final class TableImport {

    private static final int BATCH = 500;

    private final ObjectMapper mapper;
    private final BackupProgress progress;
    private long total;

    TableImport(ObjectMapper mapper, BackupProgress progress) {
        this.mapper = mapper;
        this.progress = progress;
    }

    /** @throws BackupException if a table or column of the backup is missing here: nothing is changed then */
    static void checkShapes(Manifest manifest, List<Table> target) throws BackupException {
        Map<String, Table> here = target.stream().collect(Collectors.toMap(Table::name, t -> t));
        for (TableRows rows : manifest.tables()) {
            Table table = here.get(rows.table().name());
            if (table == null) {
                if (rows.rows() == 0) {
                    continue;
                }
                throw new BackupException("this node's database has no table " + rows.table().name() + ": start it "
                        + "once with the same DUMP version as the backup's (" + manifest.dumpVersion() + ") and the "
                        + "same bundles, then restore");
            }
            for (Column column : rows.table().columns()) {
                if (table.columns().stream().noneMatch(c -> c.name().equals(column.name()))) {
                    throw new BackupException("table " + table.name() + " of this node has no column "
                            + column.name() + ": the backup comes from a DUMP version (" + manifest.dumpVersion()
                            + ") this node cannot take");
                }
            }
        }
    }

    /** Deletes every row of every table here, then inserts the backup's. */
    void replaceAll(Connection connection, BackupReader backup, List<Table> target) throws SQLException,
            IOException {
        try (Statement delete = connection.createStatement()) {
            for (Table table : target) {
                delete.executeUpdate("DELETE FROM " + table.name());
            }
        }
        for (TableRows rows : backup.manifest().tables()) {
            if (rows.rows() > 0) {
                insert(connection, backup, rows.table());
            }
        }
    }

    private void insert(Connection connection, BackupReader backup, Table table) throws SQLException, IOException {
        List<Column> columns = table.columns();
        Map<String, Integer> jdbcTypes = DatabaseTables.jdbcTypes(connection, table.name());
        List<ColumnType> targetTypes = new ArrayList<>();
        for (Column column : columns) {
            targetTypes.add(ColumnType.of(jdbcTypes.get(column.name())));
        }
        String sql = "INSERT INTO " + table.name() + " (" + columns.stream().map(Column::name)
                .collect(Collectors.joining(", ")) + ") VALUES (" + String.join(", ",
                        Collections.nCopies(columns.size(), "?")) + ")";
        long rows = 0;
        try (PreparedStatement insert = connection.prepareStatement(sql);
                BufferedReader lines = new BufferedReader(new InputStreamReader(backup.stream(table.entry()),
                        StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null;) {
                JsonNode values = mapper.readTree(line);
                for (int i = 0; i < columns.size(); i++) {
                    targetTypes.get(i).bind(insert, i + 1, jdbcTypes.get(columns.get(i).name()), values.get(i));
                }
                insert.addBatch();
                rows++;
                total++;
                if (rows % BATCH == 0) {
                    insert.executeBatch();
                }
                if (rows % BackupProgress.EVERY == 0) {
                    progress.rows(table.name(), rows, total, false);
                }
            }
            insert.executeBatch();
        }
        progress.rows(table.name(), rows, total, true);
    }

    /**
     * @return the tables that hold more than a fresh node does (its initial administrator's account and profile),
     *         with their row counts
     */
    static List<String> beyondFresh(Connection connection, List<Table> tables) throws SQLException {
        List<String> found = new ArrayList<>();
        for (Table table : tables) {
            long allowed = table.name().equals("DUMP_ACCOUNT") || table.name().equals("DUMP_PROFILE") ? 1 : 0;
            long rows = DatabaseTables.count(connection, table.name());
            if (rows > allowed) {
                found.add(table.name() + " (" + rows + " rows)");
            }
        }
        return found;
    }
}
