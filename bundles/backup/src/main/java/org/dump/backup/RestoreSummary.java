package org.dump.backup;

import java.util.List;

/**
 * What a restore did.
 *
 * @param backup      the backup it restored
 * @param database    the database product it restored into
 * @param etcRestored the {@code etc/} files written from the backup
 * @param etcKept     the {@code etc/} files of this node kept as they were (datasource, ports, the distribution's own)
 * @param stopped     the bundles stopped for the restore, which start again when the node restarts
 */
public record RestoreSummary(BackupSummary backup, String database, List<String> etcRestored, List<String> etcKept,
        List<String> stopped) {

    public RestoreSummary {
        etcRestored = List.copyOf(etcRestored);
        etcKept = List.copyOf(etcKept);
        stopped = List.copyOf(stopped);
    }
}
