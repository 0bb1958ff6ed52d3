package org.dump.shell.internal;

import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.dump.backup.BackupException;
import org.dump.backup.BackupSummary;
import org.dump.backup.NodeBackup;

/** {@code dump:backup FILE}: writes a backup of the node while it serves. */
@Service
@Command(scope = "dump", name = "backup", description = "Writes a backup of this node to FILE while it serves: every "
        + "table of its database (read in one consistent transaction, in a form that restores into another "
        + "database), its key (its identity: keep the file safe) and its etc/ files, with a manifest of SHA-256 "
        + "digests. The file is readable by its owner only and appears only once complete. Restore it with "
        + "dump:restore.")
public class BackupCommand implements Action {

    @Argument(index = 0, name = "file", required = true, description = "The backup file to write, e.g. "
            + "/var/backups/dump-node.zip; it must not exist. A relative name is taken from the node's directory. "
            + "The node's own process writes it, on the node's machine.")
    @Completion(FileCompleter.class)
    String file;

    @Reference
    NodeBackup backup;

    @Override
    public Object execute() throws BackupException {
        long started = System.nanoTime();
        BackupSummary summary = backup.backup(Path.of(file), ProgressLines.to(System.out, "written"));
        System.out.printf("Backed up node %s to %s: %d rows in %d tables, %d etc/ files, %d bytes, in %.1f s.%n",
                summary.nodeId(), file, summary.rows(), summary.tableRows().size(), summary.etcFiles().size(),
                summary.bytes(), (System.nanoTime() - started) / 1e9);
        return null;
    }
}
