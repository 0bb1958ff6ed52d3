package org.dump.node.internal.record;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import javax.sql.DataSource;

import org.apache.commons.dbcp2.BasicDataSource;

/**
 * The database a {@link BenchmarkNode} writes to, behind a pool as the node's (etc/org.ops4j.datasource-dump.cfg:
 * pax-jdbc's DBCP2 pool, 8 connections at most, 1 kept idle): embedded Derby in a folder (the distribution's
 * default), or a fresh PostgreSQL database made for it and dropped by {@link #drop()}.
 * <p>
 * PostgreSQL is reached with a role that may create databases, from the environment (inherited by JMH's forks):
 * {@code DUMP_BENCH_PG_URL} (a database to connect to for CREATE and DROP; default
 * {@code jdbc:postgresql://localhost:5432/postgres}), {@code DUMP_BENCH_PG_USER} and {@code DUMP_BENCH_PG_PASSWORD}
 * (default the integration tests' role {@code dump_itests}, {@code dump-itests}; .ci/run makes it).
 */
abstract class BenchmarkDatabase implements AutoCloseable {

    static final String DERBY = "derby";
    static final String POSTGRESQL = "postgresql";

    private final BasicDataSource pool = new BasicDataSource();

    BenchmarkDatabase() {
        pool.setMaxTotal(8);
        pool.setMaxIdle(8);
        pool.setMinIdle(1);
        pool.setTestOnBorrow(false); // as pax-jdbc's pool (commons-pool2's defaults): no check per borrow
    }

    /** @return {@code kind}'s database for a node whose files live in {@code directory} */
    static BenchmarkDatabase open(String kind, Path directory) {
        switch (kind.toLowerCase(Locale.ROOT)) {
            case DERBY:
                return new Derby(directory);
            case POSTGRESQL:
                return new PostgreSql();
            default:
                throw new IllegalArgumentException("no database '" + kind + "': derby or postgresql");
        }
    }

    DataSource dataSource() {
        return pool;
    }

    /** Closes the pool and stops the database; its data stays. */
    @Override
    public void close() {
        try {
            pool.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the pool: " + e, e);
        }
    }

    /** Removes the data (after {@link #close()}): the folder is the caller's, a PostgreSQL database is dropped. */
    abstract void drop();

    private static final class Derby extends BenchmarkDatabase {

        private final String url;

        Derby(Path directory) {
            url = "jdbc:derby:" + directory.resolve("db");
            BasicDataSource pool = (BasicDataSource) dataSource();
            pool.setDriverClassName("org.apache.derby.jdbc.EmbeddedDriver");
            pool.setUrl(url + ";create=true");
        }

        @Override
        public void close() {
            super.close();
            try {
                DriverManager.getConnection(url + ";shutdown=true").close();
            } catch (SQLException expectedOnShutdown) {
                // Derby says it shut down by throwing.
            }
        }

        @Override
        void drop() {
            // The folder goes with the node's directory.
        }
    }

    private static final class PostgreSql extends BenchmarkDatabase {

        private static final SecureRandom RANDOM = new SecureRandom();

        private final String server = env("DUMP_BENCH_PG_URL", "jdbc:postgresql://localhost:5432/postgres");
        private final String user = env("DUMP_BENCH_PG_USER", "dump_itests");
        private final String password = env("DUMP_BENCH_PG_PASSWORD", "dump-itests");
        private final String name = "dump_bench_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);

        PostgreSql() {
            execute("CREATE DATABASE " + name);
            BasicDataSource pool = (BasicDataSource) dataSource();
            pool.setDriverClassName("org.postgresql.Driver");
            pool.setUrl(server.substring(0, server.lastIndexOf('/') + 1) + name);
            pool.setUsername(user);
            pool.setPassword(password);
        }

        @Override
        void drop() {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }

        private void execute(String sql) {
            try (Connection admin = DriverManager.getConnection(server, user, password);
                 Statement statement = admin.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL at " + server + " as " + user + ": " + sql + ": " + e
                        + " (set DUMP_BENCH_PG_URL, DUMP_BENCH_PG_USER, DUMP_BENCH_PG_PASSWORD)", e);
            }
        }

        private static String env(String name, String otherwise) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? otherwise : value;
        }
    }
}
