package org.dump.backup.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.dump.backup.BackupException;
import org.dump.backup.BackupProgress;
import org.dump.backup.BackupSummary;
import org.dump.backup.internal.Manifest.TableRows;
import org.dump.crypto.KeyFile;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Makes a backup file: the node key and first-password file, the etc/ files, then every table in one consistent
 * read, then the manifest. Written to a temporary owner-only file beside the target, moved in only when complete.
 */
final class Backups {

    /** Tries of a read that Derby chose as a deadlock victim (a writer held a lock the read needed). */
    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final NodeFiles files;
    private final String dumpVersion;
    private final ObjectMapper mapper;

    Backups(DataSource dataSource, NodeFiles files, String dumpVersion, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.files = files;
        this.dumpVersion = dumpVersion;
        this.mapper = mapper;
    }

    BackupSummary write(Path file, BackupProgress progress) throws BackupException {
        Path target = file.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new BackupException(target + " exists already: choose a new name (a backup never overwrites a file)");
        }
        if (!Files.isDirectory(target.getParent())) {
            throw new BackupException("there is no directory " + target.getParent());
        }
        String nodeId = nodeId();
        for (int attempt = 1;; attempt++) {
            try {
                return attempt(target, nodeId, progress);
            } catch (BackupException e) {
                if (attempt >= ATTEMPTS || !ConsistentRead.isTransient(e)) {
                    throw e;
                }
            }
        }
    }

    private BackupSummary attempt(Path target, String nodeId, BackupProgress progress) throws BackupException {
        Path temporary;
        try {
            temporary = OwnerOnlyFiles.temporaryFor(target);
        } catch (IOException e) {
            throw new BackupException("cannot write in " + target.getParent() + ": " + e.getMessage(), e);
        }
        try {
            Manifest manifest;
            try (BackupWriter writer = new BackupWriter(temporary)) {
                writer.entry(BackupLayout.NODE_KEY, Files.readAllBytes(files.nodeKey()));
                if (Files.isRegularFile(files.adminPassword())) {
                    writer.entry(BackupLayout.ADMIN_PASSWORD, Files.readAllBytes(files.adminPassword()));
                }
                for (String name : files.etcFiles()) {
                    writer.entry(BackupLayout.ETC + name, Files.readAllBytes(files.etc().resolve(name)));
                }
                manifest = ConsistentRead.run(dataSource, (connection, tables) -> {
                    TableExport export = new TableExport(mapper.getFactory(), progress);
                    List<TableRows> rows = new ArrayList<>();
                    for (Table table : tables) {
                        try (OutputStream out = writer.entry(table.entry())) {
                            rows.add(new TableRows(table, export.write(connection, table, out)));
                        }
                    }
                    List<String> modules = DatabaseTables.distinct(connection, tables, "DUMP_RECORD", "MODULE");
                    return new Manifest(nodeId, dumpVersion, DatabaseTables.product(connection),
                            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), rows, writer.digests(), modules);
                });
                writer.finish(manifest.toJson(mapper));
            }
            OwnerOnlyFiles.moveNew(temporary, target);
            return manifest.summary(Files.size(target));
        } catch (IOException e) {
            throw new BackupException("writing " + target + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw ConsistentRead.failure("reading the database", e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // the failure being reported matters more than the leftover, whose name says it is partial
            }
        }
    }

    private String nodeId() throws BackupException {
        try {
            return KeyFile.read(files.nodeKey()).publicKey().fingerprint();
        } catch (IOException e) {
            throw new BackupException("cannot read the node key " + files.nodeKey() + ": " + e.getMessage(), e);
        }
    }

}
