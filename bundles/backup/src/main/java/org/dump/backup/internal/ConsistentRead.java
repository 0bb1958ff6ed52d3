package org.dump.backup.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.dump.backup.BackupException;

/**
 * One read-only transaction over every table of the node, consistent while the node goes on writing. PostgreSQL
 * gives REPEATABLE READ as a snapshot and writers never wait. Derby has no snapshots: its tables are locked in share
 * mode for the transaction, so writers wait until the read ends (a few seconds per 100,000 rows) rather than change
 * what is being read.
 */
final class ConsistentRead {

    /** What is read within the transaction. */
    @FunctionalInterface
    interface Work<T> {
        T read(Connection connection, List<Table> tables) throws Exception;
    }

    private ConsistentRead() {
    }

    static <T> T run(DataSource dataSource, Work<T> work) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            // A pooled connection goes back to the node's own work afterwards: leave it as it was lent.
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            try {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                List<Table> tables = DatabaseTables.list(connection);
                if (DatabaseTables.isDerby(connection)) {
                    try (Statement lock = connection.createStatement()) {
                        for (Table table : tables) {
                            lock.execute("LOCK TABLE " + table.name() + " IN SHARE MODE");
                        }
                    }
                }
                T result = work.read(connection, tables);
                connection.commit();
                return result;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** @return whether the read was chosen as the victim of a deadlock or lock timeout, and may simply be tried again */
    static boolean isTransient(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    static BackupException failure(String doing, Exception e) {
        return e instanceof BackupException backup ? backup
                : new BackupException(doing + " failed: " + e.getMessage(), e);
    }
}
