package org.dump.backup;

import java.util.List;
import java.util.Map;

/**
 * What a backup file holds, from its manifest.
 *
 * @param nodeId      the id of the node it was taken from
 * @param dumpVersion the DUMP version of that node
 * @param database    the database product it was read from, e.g. "Apache Derby 10.14.2.0"
 * @param createdAt   when it was taken (ISO-8601)
 * @param tableRows   rows by table
 * @param etcFiles    the {@code etc/} files it holds
 * @param modules     the modules whose records it holds
 * @param bytes       the size of the file
 */
public record BackupSummary(String nodeId, String dumpVersion, String database, String createdAt,
        Map<String, Long> tableRows, List<String> etcFiles, List<String> modules, long bytes) {

    public BackupSummary {
        tableRows = Map.copyOf(tableRows);
        etcFiles = List.copyOf(etcFiles);
        modules = List.copyOf(modules);
    }

    /** @return the rows of every table */
    public long rows() {
        return tableRows.values().stream().mapToLong(Long::longValue).sum();
    }
}
