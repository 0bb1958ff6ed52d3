package org.dump.shell.internal;

import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.dump.backup.BackupException;
import org.dump.backup.BackupSummary;
import org.dump.backup.NodeBackup;
import org.dump.backup.RestoreSummary;

/** {@code dump:restore FILE}: makes this node the node of a backup. */
@Service
@Command(scope = "dump", name = "restore", description = "Restores a backup made by dump:backup onto this node, "
        + "e.g. a fresh node, or one whose etc/org.ops4j.datasource-dump.cfg names another database (PostgreSQL). "
        + "Checks the whole file first (manifest, SHA-256 of every entry, row counts) and refuses a damaged or "
        + "altered one, and a node that holds data beyond its initial administrator unless --replace-data is given. "
        + "Restores every table (in one transaction), the node key and the etc/ files, keeping this node's "
        + "datasource and port settings. The node's bundles stay stopped until the node is restarted, which the "
        + "administrator does next.")
public class RestoreCommand implements Action {

    @Argument(index = 0, name = "file", required = true, description = "The backup file, on the node's machine; "
            + "a relative name is taken from the node's directory")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--replace-data", description = "Restore even though this node holds data: all of it is "
            + "replaced by the backup's")
    boolean replaceData;

    @Option(name = "--check", description = "Only check the file and show what it holds; change nothing")
    boolean check;

    @Reference
    NodeBackup backup;

    @Override
    public Object execute() throws BackupException {
        if (check) {
            BackupSummary summary = backup.check(Path.of(file));
            System.out.printf("%s is a complete backup of node %s (DUMP %s, %s, taken %s): %d rows in %d tables, "
                    + "%d etc/ files.%n", file, summary.nodeId(), summary.dumpVersion(), summary.database(),
                    summary.createdAt(), summary.rows(), summary.tableRows().size(), summary.etcFiles().size());
            return null;
        }
        RestoreSummary restored = backup.restore(Path.of(file), replaceData, ProgressLines.to(System.out, "restored"));
        BackupSummary from = restored.backup();
        System.out.printf("Restored node %s (DUMP %s, backed up %s from %s) into %s: %d rows in %d tables, %d etc/ "
                + "files (kept this node's %s).%n", from.nodeId(), from.dumpVersion(), from.createdAt(),
                from.database(), restored.database(), from.rows(), from.tableRows().size(),
                restored.etcRestored().size(), String.join(", ", restored.etcKept()));
        System.out.println("Next: the node's bundles are stopped (" + restored.stopped().size() + "); RESTART THE NODE "
                + "NOW (bin/dump-node stop DIR, then bin/dump-node start DIR, or your service manager). It comes up "
                + "as node " + from.nodeId() + " with the backup's accounts; its administrators sign in with their "
                + "passwords from the backup.");
        if (!from.modules().isEmpty()) {
            System.out.println("Then install again the modules it holds records of: " + String.join(", ",
                    from.modules().stream().map(m -> "dump:module-install " + m).toList()) + ".");
        }
        return null;
    }
}
