package org.dump.backup.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.dump.backup.BackupException;
import org.dump.backup.BackupProgress;
import org.dump.backup.RestoreSummary;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Restores a backup: checks the file whole and the target's tables first, refuses a target that holds data unless
 * told to replace it, stops the node's bundles, replaces every table's rows in one transaction (all or nothing), then
 * writes the key and etc/ files. The node is restarted afterwards by its administrator.
 */
final class Restores {

    private final DataSource dataSource;
    private final NodeFiles files;
    private final ObjectMapper mapper;
    private final NodeBundles bundles;

    Restores(DataSource dataSource, NodeFiles files, ObjectMapper mapper, NodeBundles bundles) {
        this.dataSource = dataSource;
        this.files = files;
        this.mapper = mapper;
        this.bundles = bundles;
    }

    RestoreSummary restore(Path file, boolean replaceData, BackupProgress progress) throws BackupException {
        try (BackupReader backup = BackupReader.open(file, mapper); Connection connection = dataSource.getConnection()) {
            List<Table> tables = DatabaseTables.list(connection);
            TableImport.checkShapes(backup.manifest(), tables);
            if (!replaceData) {
                List<String> data = TableImport.beyondFresh(connection, tables);
                if (!data.isEmpty()) {
                    throw new BackupException("this node holds data already: " + String.join(", ", data) + ". A "
                            + "restore replaces all of it. Restore onto a fresh node, or add --replace-data to "
                            + "replace this node's data with the backup's");
                }
            }
            String database = DatabaseTables.product(connection);
            List<String> stopped = bundles.stop();
            boolean autoCommit = connection.getAutoCommit();
            try {
                connection.setAutoCommit(false);
                new TableImport(mapper, progress).replaceAll(connection, backup, tables);
                connection.commit();
            } catch (Exception e) {
                connection.rollback();
                bundles.startAgain();
                throw ConsistentRead.failure("restoring the tables (nothing was changed)", e);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            List<String> restored = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            writeFiles(backup, restored, kept);
            return new RestoreSummary(backup.summary(), database, restored, kept, stopped);
        } catch (IOException | SQLException e) {
            throw ConsistentRead.failure("the restore", e);
        }
    }

    private void writeFiles(BackupReader backup, List<String> restored, List<String> kept) throws BackupException {
        try {
            byte[] key = backup.bytes(BackupLayout.NODE_KEY);
            Path keyFile = files.nodeKey();
            if (Files.isRegularFile(keyFile) && !Arrays.equals(Files.readAllBytes(keyFile), key)) {
                OwnerOnlyFiles.replace(files.data().resolve(NodeFiles.REPLACED_KEY), Files.readAllBytes(keyFile), true);
            }
            OwnerOnlyFiles.replace(keyFile, key, true);
            if (backup.has(BackupLayout.ADMIN_PASSWORD)) {
                OwnerOnlyFiles.replace(files.adminPassword(), backup.bytes(BackupLayout.ADMIN_PASSWORD), true);
            } else {
                Files.deleteIfExists(files.adminPassword()); // this node's first admin is gone with its account
            }
            for (String etc : backup.summary().etcFiles()) {
                if (BackupLayout.keptOnRestore(etc)) {
                    kept.add(etc);
                } else {
                    OwnerOnlyFiles.replace(files.etc().resolve(etc), backup.bytes(BackupLayout.ETC + etc), true);
                    restored.add(etc);
                }
            }
        } catch (IOException e) {
            throw new BackupException("the tables are restored, but writing the node's files failed: "
                    + e.getMessage() + ". Fix the cause and restore again with --replace-data", e);
        }
    }
}
