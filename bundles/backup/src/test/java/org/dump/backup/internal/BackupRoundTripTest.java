package org.dump.backup.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.dump.backup.BackupException;
import org.dump.backup.BackupSummary;
import org.dump.backup.RestoreSummary;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BackupRoundTripTest {

    private static final List<String> TABLES = List.of("DUMP_ACCOUNT", "DUMP_PROFILE", "DUMP_RECORD", "DUMP_PEER");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aBackupRestoresOntoAFreshNodeWithTheSameRowsKeyAndSettings() throws Exception {
        TestNode source = new TestNode(folder.newFolder("x").toPath(), "SMALLINT").withData(12_000);
        Path file = folder.getRoot().toPath().resolve("x.zip");
        List<String> progress = new ArrayList<>();
        BackupSummary summary = source.service.backup(file, (table, rows, total, done) -> progress
                .add(table + " " + rows + (done ? " done" : "")));

        assertEquals(source.id, summary.nodeId());
        assertEquals(Long.valueOf(12_000), summary.tableRows().get("DUMP_RECORD"));
        assertFalse("not a table of the node's", summary.tableRows().containsKey("OTHER_THINGS"));
        assertEquals(List.of("market", "notes"), summary.modules());
        assertTrue(progress.toString(), progress.contains("DUMP_RECORD 10000"));
        assertTrue(progress.toString(), progress.contains("DUMP_RECORD 12000 done"));

        TestNode target = new TestNode(folder.newFolder("z").toPath(), "SMALLINT").fresh();
        String targetDatasource = Files.readString(target.files.etc().resolve("org.ops4j.datasource-dump.cfg"));
        String targetPorts = Files.readString(target.files.etc().resolve("org.ops4j.pax.web.cfg"));
        byte[] targetKey = Files.readAllBytes(target.files.nodeKey());
        RestoreSummary restored = target.service.restore(file, false, (table, rows, total, done) -> { });

        for (String table : TABLES) {
            assertEquals(table, source.rows(table), target.rows(table));
        }
        assertEquals(List.of("1|"), target.rows("OTHER_THINGS"));
        assertEquals(source.id, KeyFileIds.of(target.files.nodeKey()));
        assertArrayEquals("the replaced key is kept", targetKey,
                Files.readAllBytes(target.files.data().resolve(NodeFiles.REPLACED_KEY)));
        assertEquals(Files.readString(source.files.adminPassword()), Files.readString(target.files.adminPassword()));
        assertEquals(Files.readString(source.files.etc().resolve("org.dump.node.cfg")),
                Files.readString(target.files.etc().resolve("org.dump.node.cfg")));
        assertEquals(targetDatasource, Files.readString(target.files.etc().resolve("org.ops4j.datasource-dump.cfg")));
        assertEquals(targetPorts, Files.readString(target.files.etc().resolve("org.ops4j.pax.web.cfg")));
        assertEquals(List.of("org.dump.node.cfg"), restored.etcRestored());
        assertEquals(List.of("org.ops4j.datasource-dump.cfg", "org.ops4j.pax.web.cfg"), restored.etcKept());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.files.nodeKey())));
    }

    @Test
    public void flagsAndNumbersRestoreIntoColumnsOfAnotherDatabasesTypes() throws Exception {
        // EclipseLink makes a boolean a SMALLINT on Derby and a BOOLEAN on PostgreSQL
        TestNode derbyShaped = new TestNode(folder.newFolder("x").toPath(), "SMALLINT").withData(10);
        Path file = folder.getRoot().toPath().resolve("x.zip");
        derbyShaped.service.backup(file, (table, rows, total, done) -> { });
        TestNode postgresShaped = new TestNode(folder.newFolder("z").toPath(), "BOOLEAN").fresh();
        postgresShaped.service.restore(file, false, (table, rows, total, done) -> { });

        assertEquals(derbyShaped.rows("DUMP_RECORD"), postgresShaped.rows("DUMP_RECORD"));
        Path back = folder.getRoot().toPath().resolve("z.zip");
        postgresShaped.service.backup(back, (table, rows, total, done) -> { });
        TestNode again = new TestNode(folder.newFolder("y").toPath(), "SMALLINT").fresh();
        again.service.restore(back, false, (table, rows, total, done) -> { });
        assertEquals(derbyShaped.rows("DUMP_RECORD"), again.rows("DUMP_RECORD"));
    }

    @Test
    public void theFileIsOwnerOnlyAndNeverReplacesAnExistingOne() throws Exception {
        TestNode source = new TestNode(folder.newFolder("x").toPath(), "SMALLINT").withData(3);
        Path file = folder.getRoot().toPath().resolve("x.zip");
        source.service.backup(file, (table, rows, total, done) -> { });
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        byte[] before = Files.readAllBytes(file);
        try {
            source.service.backup(file, (table, rows, total, done) -> { });
            fail("overwrote " + file);
        } catch (BackupException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("exists already"));
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("x", "x.zip"), names(folder.getRoot().toPath()));
    }

    @Test
    public void aFailedBackupLeavesNoFile() throws Exception {
        TestNode source = new TestNode(folder.newFolder("x").toPath(), "SMALLINT").withData(3);
        source.sql("CREATE TABLE DUMP_ODD (ID INTEGER, SHAPE XML)");
        Path file = folder.getRoot().toPath().resolve("x.zip");
        try {
            source.service.backup(file, (table, rows, total, done) -> { });
            fail("backed up a column it cannot carry");
        } catch (BackupException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("reading the database failed"));
        }
        assertEquals("no file, not even a partial one", List.of("x"), names(folder.getRoot().toPath()));
    }

    @Test
    public void checkReadsTheManifestWithoutChangingAnything() throws Exception {
        TestNode source = new TestNode(folder.newFolder("x").toPath(), "SMALLINT").withData(7);
        Path file = folder.getRoot().toPath().resolve("x.zip");
        source.service.backup(file, (table, rows, total, done) -> { });
        TestNode target = new TestNode(folder.newFolder("z").toPath(), "SMALLINT").fresh();

        BackupSummary summary = target.service.check(file);

        assertEquals(source.id, summary.nodeId());
        assertEquals("9.9.9-TEST", summary.dumpVersion());
        assertTrue(summary.database(), summary.database().startsWith("Apache Derby"));
        assertEquals(2 + 1 + 7 + 1, summary.rows());
        assertEquals(List.of("org.dump.node.cfg", "org.ops4j.datasource-dump.cfg", "org.ops4j.pax.web.cfg"),
                summary.etcFiles());
        assertEquals(1, target.rows("DUMP_ACCOUNT").size());
        assertEquals(target.id, KeyFileIds.of(target.files.nodeKey()));
    }

    static List<String> names(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
