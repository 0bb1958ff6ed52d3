package org.dump.backup;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/** Writes a backup of this node while it serves, and restores one onto a fresh node or another database. */
@ProviderType
public interface NodeBackup {

    /**
     * Writes a backup of the node to {@code file}, which must not exist yet. The file is made readable by its owner
     * only from its first byte, and appears under its name only once complete: on failure nothing is left there.
     *
     * @throws BackupException with a message for the administrator if the backup cannot be made
     */
    BackupSummary backup(Path file, BackupProgress progress) throws BackupException;

    /**
     * Checks {@code file} whole (manifest, size and SHA-256 of every entry, row counts, the key against the node id)
     * without changing anything.
     *
     * @throws BackupException if the file is not a complete, unaltered backup this node can read
     */
    BackupSummary check(Path file) throws BackupException;

    /**
     * Restores a checked backup onto this node: its tables (in one transaction), its key and its {@code etc/} files,
     * keeping this node's datasource and port settings. The node's own bundles are stopped first and stay stopped:
     * the node must be restarted to come up as the restored node.
     *
     * @param replaceData restore even though this node holds data beyond a fresh node's initial administrator,
     *                    which is then lost
     * @throws BackupException if the file does not check out, or this node holds data and {@code replaceData} is
     *                         false, or the restore fails (the tables are then left as they were)
     */
    RestoreSummary restore(Path file, boolean replaceData, BackupProgress progress) throws BackupException;
}
