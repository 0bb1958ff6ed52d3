package org.dump.shell.internal;

import java.io.PrintStream;

import org.dump.backup.BackupProgress;

/** Progress of a backup or restore as lines: one per 10,000 rows of a large table, one per table done. */
final class ProgressLines {

    private ProgressLines() {
    }

    static BackupProgress to(PrintStream out, String verb) {
        return (table, tableRows, totalRows, tableDone) -> {
            if (tableDone) {
                out.printf("  %-28s %,10d rows%n", table, tableRows);
            } else {
                out.printf("  %-28s %,10d rows %s so far (%,d in all)%n", table, tableRows, verb, totalRows);
            }
            out.flush();
        };
    }
}
