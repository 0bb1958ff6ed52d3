package org.dump.backup.internal;

import java.util.List;

/** A table of the node's database, by its name in upper case, with its columns in the order of its rows. */
record Table(String name, List<Column> columns) {

    /** Only the node's own tables: every persistence unit on the datasource names its tables so. */
    static final String PREFIX = "DUMP_";

    Table {
        columns = List.copyOf(columns);
    }

    String entry() {
        return BackupLayout.TABLES + name + ".jsonl";
    }
}
