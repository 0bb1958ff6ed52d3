package org.dump.backup;

import org.osgi.annotation.versioning.ConsumerType;

/** Told how far a long backup or restore has come. */
@ConsumerType
@FunctionalInterface
public interface BackupProgress {

    /** Every {@link #EVERY} rows of a table, and once when the table is done. */
    long EVERY = 10_000;

    BackupProgress NONE = (table, tableRows, totalRows, tableDone) -> { };

    /**
     * @param table     the table being written or read
     * @param tableRows rows of that table so far
     * @param totalRows rows of every table so far
     * @param tableDone whether the table is complete
     */
    void rows(String table, long tableRows, long totalRows, boolean tableDone);
}
