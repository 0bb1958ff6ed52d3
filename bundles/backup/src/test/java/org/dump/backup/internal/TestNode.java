package org.dump.backup.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.KeyFile;

/**
 * A node's files and database for the tests: a key in data/, a few etc/ files, and an in-memory Derby database with
 * tables shaped like the node's (text, numbers, a flag, a BLOB) plus one table that is not the node's.
 */
final class TestNode {

    final Path dir;
    final NodeFiles files;
    final DataSource dataSource;
    final NodeBackupService service;
    final String id;

    /** @param flagType the SQL type of the record's DELETED flag: SMALLINT as EclipseLink makes it on Derby, or BOOLEAN */
    TestNode(Path dir, String flagType) throws IOException, SQLException {
        this.dir = dir;
        this.files = new NodeFiles(Files.createDirectories(dir.resolve("etc")),
                Files.createDirectories(dir.resolve("data/dump")));
        Ed25519KeyPair key = Ed25519KeyPair.generate();
        KeyFile.write(files.nodeKey(), key);
        this.id = key.publicKey().fingerprint();
        Files.writeString(files.adminPassword(), "first-password-" + id + "\n");
        Files.writeString(files.etc().resolve("org.dump.node.cfg"), "name = node-" + id.substring(0, 4) + "\n");
        Files.writeString(files.etc().resolve("org.ops4j.datasource-dump.cfg"), "url = jdbc:derby:" + dir + "\n");
        Files.writeString(files.etc().resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = "
                + (dir.hashCode() & 0x7fff) + "\n");
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName("memory:" + UUID.randomUUID());
        derby.setCreateDatabase("create");
        this.dataSource = derby;
        sql("CREATE TABLE DUMP_ACCOUNT (USERNAME VARCHAR(32) PRIMARY KEY, ROLES VARCHAR(100) NOT NULL, "
                + "CREATED_MILLIS BIGINT NOT NULL)",
                "CREATE TABLE DUMP_PROFILE (USERNAME VARCHAR(32) PRIMARY KEY, DISPLAY_NAME VARCHAR(100) NOT NULL, "
                        + "EMAIL VARCHAR(200))",
                "CREATE TABLE DUMP_RECORD (ID VARCHAR(64) PRIMARY KEY, MODULE VARCHAR(32) NOT NULL, "
                        + "PRICE DOUBLE, DELETED " + flagType + " NOT NULL, PAYLOAD BLOB, TEXT_INDEX CLOB)",
                "CREATE TABLE DUMP_PEER (ID VARCHAR(64) PRIMARY KEY, URL VARCHAR(500) NOT NULL)",
                "CREATE TABLE OTHER_THINGS (ID INTEGER)",
                "INSERT INTO OTHER_THINGS VALUES (1)");
        this.service = new NodeBackupService(dataSource, files, dir, "9.9.9-TEST", NodeBundles.NONE);
    }

    /** As a fresh node is: its initial administrator and that one's profile, nothing else. */
    TestNode fresh() throws SQLException {
        sql("INSERT INTO DUMP_ACCOUNT VALUES ('admin', 'ADMIN', 1)",
                "INSERT INTO DUMP_PROFILE VALUES ('admin', 'Administrator', NULL)");
        return this;
    }

    /** Accounts, profiles, {@code records} records (some deleted, some with payloads) and a peer. */
    TestNode withData(int records) throws SQLException {
        sql("INSERT INTO DUMP_ACCOUNT VALUES ('admin', 'ADMIN,USER', 1)",
                "INSERT INTO DUMP_ACCOUNT VALUES ('adam', 'USER', 2)",
                "INSERT INTO DUMP_PROFILE VALUES ('adam', 'Adam \u00c5str\u00f6m \"the seller\"', 'adam@example.org')",
                "INSERT INTO DUMP_PEER VALUES ('peer1', 'http://localhost:8182/')");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO DUMP_RECORD VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < records; i++) {
                insert.setString(1, "record-" + i);
                insert.setString(2, i % 3 == 0 ? "market" : "notes");
                insert.setDouble(3, i + 0.25);
                insert.setObject(4, i % 2 == 0 ? 0 : 1, flagTypeOf(connection));
                insert.setBytes(5, i % 5 == 0 ? null : new byte[] {(byte) i, 0, (byte) 0xff, '\n'});
                insert.setString(6, "socks\nline two " + i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return this;
    }

    private static int flagTypeOf(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet empty = statement.executeQuery("SELECT DELETED FROM DUMP_RECORD WHERE 1 = 0")) {
            return empty.getMetaData().getColumnType(1);
        }
    }

    void sql(String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String each : statements) {
                statement.execute(each);
            }
        }
    }

    /** @return every row of a table as text, ordered, with flags as 0/1 and bytes as lists */
    List<String> rows(String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
            int columns = row.getMetaData().getColumnCount();
            while (row.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    int type = row.getMetaData().getColumnType(i);
                    Object value = type == Types.BLOB ? Arrays.toString(row.getBytes(i))
                            : type == Types.CLOB ? row.getString(i) : row.getObject(i);
                    if (value instanceof Boolean flag) {
                        value = flag ? 1 : 0;
                    } else if (value instanceof Number number && !(value instanceof Double)) {
                        value = number.longValue();
                    }
                    line.append(value).append('|');
                }
                rows.add(line.toString());
            }
        }
        return rows;
    }
}
