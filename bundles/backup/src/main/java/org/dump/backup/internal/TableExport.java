package org.dump.backup.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

import org.dump.backup.BackupProgress;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/** Writes a table row by row: one JSON array per line, its values in the order of the table's columns. */
final class TableExport {

    private final JsonFactory json;
    private final BackupProgress progress;
    private long total;

    TableExport(JsonFactory json, BackupProgress progress) {
        this.json = json;
        this.progress = progress;
    }

    /** @return the rows written */
    long write(Connection connection, Table table, OutputStream out) throws SQLException, IOException {
        String columns = table.columns().stream().map(Column::name).collect(Collectors.joining(", "));
        long rows = 0;
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(500); // PostgreSQL streams only with a fetch size inside a transaction
            try (ResultSet row = statement.executeQuery("SELECT " + columns + " FROM " + table.name());
                    JsonGenerator line = json.createGenerator(out, JsonEncoding.UTF8)) {
                line.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                line.setRootValueSeparator(null);
                while (row.next()) {
                    line.writeStartArray();
                    for (int i = 0; i < table.columns().size(); i++) {
                        table.columns().get(i).type().write(row, i + 1, line);
                    }
                    line.writeEndArray();
                    line.writeRaw('\n');
                    rows++;
                    total++;
                    if (rows % BackupProgress.EVERY == 0) {
                        line.flush();
                        progress.rows(table.name(), rows, total, false);
                    }
                }
            }
        }
        progress.rows(table.name(), rows, total, true);
        return rows;
    }

    long total() {
        return total;
    }
}
