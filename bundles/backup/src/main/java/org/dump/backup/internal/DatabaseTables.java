package org.dump.backup.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.dump.backup.BackupException;

/**
 * The node's tables on its datasource, found through JDBC metadata rather than listed: every persistence unit on the
 * datasource (node, federation, and those to come) names its tables {@value Table#PREFIX}*, and a backup must not
 * miss one that a newer bundle added.
 */
final class DatabaseTables {

    private DatabaseTables() {
    }

    /** @return the node's tables in the connection's schema, by name */
    static List<Table> list(Connection connection) throws SQLException, BackupException {
        TreeSet<String> names = new TreeSet<>();
        DatabaseMetaData metadata = connection.getMetaData();
        try (ResultSet tables = metadata.getTables(null, schema(connection), "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String name = tables.getString("TABLE_NAME").toUpperCase(Locale.ROOT);
                if (name.startsWith(Table.PREFIX) && BackupLayout.isSafe(name)) {
                    names.add(name);
                }
            }
        }
        List<Table> result = new ArrayList<>();
        for (String name : names) {
            result.add(shape(connection, name));
        }
        return result;
    }

    /** @return the table's columns in the order the database gives them */
    static Table shape(Connection connection, String name) throws SQLException, BackupException {
        try (Statement statement = connection.createStatement();
                ResultSet empty = statement.executeQuery("SELECT * FROM " + name + " WHERE 1 = 0")) {
            ResultSetMetaData columns = empty.getMetaData();
            List<Column> result = new ArrayList<>();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                ColumnType type = ColumnType.of(columns.getColumnType(i));
                String column = columns.getColumnName(i).toUpperCase(Locale.ROOT);
                if (type == null) {
                    throw new BackupException("column " + name + "." + column + " has a type a backup cannot carry: "
                            + columns.getColumnTypeName(i));
                }
                result.add(new Column(column, type));
            }
            return new Table(name, result);
        }
    }

    /** @return the JDBC type of each column of {@code table}, by upper-case name */
    static Map<String, Integer> jdbcTypes(Connection connection, String table) throws SQLException {
        Map<String, Integer> types = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet empty = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData columns = empty.getMetaData();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                types.put(columns.getColumnName(i).toUpperCase(Locale.ROOT), columns.getColumnType(i));
            }
        }
        return types;
    }

    static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            count.next();
            return count.getLong(1);
        }
    }

    /** @return e.g. "Apache Derby 10.14.2.0 - (1828579)" */
    static String product(Connection connection) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        return metadata.getDatabaseProductName() + " " + metadata.getDatabaseProductVersion();
    }

    static boolean isDerby(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().startsWith("Apache Derby");
    }

    /** @return the distinct values of {@code column} in {@code table}, if the table exists */
    static List<String> distinct(Connection connection, List<Table> tables, String table, String column)
            throws SQLException {
        Optional<Table> found = tables.stream().filter(t -> t.name().equals(table)).findFirst();
        if (found.isEmpty() || found.get().columns().stream().noneMatch(c -> c.name().equals(column))) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DISTINCT " + column + " FROM " + table
                        + " ORDER BY " + column)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static String schema(Connection connection) {
        try {
            return connection.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null; // an old driver: search every schema
        }
    }
}
