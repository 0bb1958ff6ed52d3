package org.dump.backup.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The database-independent type of a column in a backup. Values are written as JSON by the source column's type and
 * read back by the target column's, so that a Derby SMALLINT flag becomes a PostgreSQL BOOLEAN and a BLOB a BYTEA.
 */
enum ColumnType {
    STRING, INTEGER, DOUBLE, DECIMAL, BOOLEAN, BINARY, TIMESTAMP;

    /** @return the type of a JDBC column, or null if a backup cannot carry it */
    static ColumnType of(int jdbcType) {
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR,
                    Types.LONGNVARCHAR, Types.NCLOB -> STRING;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> DOUBLE;
            case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
            case Types.BOOLEAN, Types.BIT -> BOOLEAN;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> TIMESTAMP;
            default -> null;
        };
    }

    /** Writes column {@code index} of the current row as JSON (null as null). */
    void write(ResultSet row, int index, JsonGenerator json) throws SQLException, IOException {
        switch (this) {
            case STRING -> writeNullable(row.getString(index), json);
            case INTEGER -> {
                long value = row.getLong(index);
                if (row.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeNumber(value);
                }
            }
            case DOUBLE -> {
                double value = row.getDouble(index);
                if (row.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeNumber(value);
                }
            }
            case DECIMAL -> {
                BigDecimal value = row.getBigDecimal(index);
                if (value == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(value);
                }
            }
            case BOOLEAN -> {
                boolean value = row.getBoolean(index);
                if (row.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeBoolean(value);
                }
            }
            case BINARY -> {
                byte[] value = row.getBytes(index);
                writeNullable(value == null ? null : Base64.getEncoder().encodeToString(value), json);
            }
            case TIMESTAMP -> {
                Timestamp value = row.getTimestamp(index);
                writeNullable(value == null ? null : value.toInstant().toString(), json);
            }
        }
    }

    private static void writeNullable(String value, JsonGenerator json) throws IOException {
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }

    /**
     * Sets parameter {@code index}, for a target column of this type and JDBC type {@code jdbcType}, from a JSON value
     * that a column of any compatible type wrote (a flag may come as a number or a boolean).
     */
    void bind(PreparedStatement insert, int index, int jdbcType, JsonNode value) throws SQLException {
        if (value == null || value.isNull()) {
            insert.setNull(index, jdbcType);
            return;
        }
        switch (this) {
            case STRING -> insert.setString(index, value.asText());
            case INTEGER -> insert.setLong(index, value.isBoolean() ? (value.booleanValue() ? 1 : 0) : value.asLong());
            case DOUBLE -> insert.setDouble(index, value.asDouble());
            case DECIMAL -> insert.setBigDecimal(index, value.isNumber() ? value.decimalValue()
                    : new BigDecimal(value.asText()));
            case BOOLEAN -> insert.setBoolean(index, value.isBoolean() ? value.booleanValue() : value.asLong() != 0);
            case BINARY -> insert.setBytes(index, Base64.getDecoder().decode(value.asText()));
            case TIMESTAMP -> insert.setTimestamp(index, Timestamp.from(Instant.parse(value.asText())));
        }
    }
}
