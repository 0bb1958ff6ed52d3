package org.dump.backup.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.dump.backup.BackupException;
import org.dump.crypto.Ed25519KeyPair;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A restore refuses what it must not take, before it changes anything. */
public class BackupRefusalsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private TestNode source;
    private Path file;
    private TestNode target;
    private List<String> targetAccounts;
    private byte[] targetKey;

    @Before
    public void backUp() throws Exception {
        source = new TestNode(folder.newFolder("x").toPath(), "SMALLINT").withData(50);
        file = folder.getRoot().toPath().resolve("x.zip");
        source.service.backup(file, (table, rows, total, done) -> { });
        target = new TestNode(folder.newFolder("z").toPath(), "SMALLINT").fresh();
        targetAccounts = target.rows("DUMP_ACCOUNT");
        targetKey = Files.readAllBytes(target.files.nodeKey());
    }

    @Test
    public void anAlteredRowIsRefused() throws Exception {
        Path altered = rewrite((name, bytes) -> name.equals("tables/DUMP_ACCOUNT.jsonl")
                ? new String(bytes, StandardCharsets.UTF_8).replace("USER", "ADMIN").getBytes(StandardCharsets.UTF_8)
                : bytes);
        refused(altered, "DUMP_ACCOUNT.jsonl is not what its manifest says");
    }

    @Test
    public void aTruncatedFileIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(file);
        Path truncated = folder.getRoot().toPath().resolve("truncated.zip");
        Files.write(truncated, Arrays.copyOf(whole, whole.length * 2 / 3));
        refused(truncated, "not a complete backup file");
    }

    @Test
    public void anEntryTheManifestDoesNotListIsRefused() throws Exception {
        Path extra = rewrite((name, bytes) -> bytes, "etc/org.dump.extra.cfg");
        refused(extra, "holds etc/org.dump.extra.cfg, which its manifest does not list");
    }

    @Test
    public void aKeyOfAnotherNodeIsRefusedEvenWithMatchingDigests() throws Exception {
        byte[] otherKey = otherKeyPem();
        Path swapped = rewrite((name, bytes) -> {
            if (name.equals(BackupLayout.NODE_KEY)) {
                return otherKey;
            }
            if (name.equals(BackupLayout.MANIFEST)) {
                return rehash(bytes, BackupLayout.NODE_KEY, otherKey);
            }
            return bytes;
        });
        refused(swapped, "its node key is that of node");
    }

    @Test
    public void aFileThatIsNoBackupIsRefused() throws Exception {
        Path text = folder.getRoot().toPath().resolve("notes.txt");
        Files.writeString(text, "not a backup");
        refused(text, "not a complete backup file");
    }

    @Test
    public void aNodeWithDataIsRefusedUnlessToldToReplaceIt() throws Exception {
        target.sql("INSERT INTO DUMP_ACCOUNT VALUES ('carl', 'USER', 5)",
                "INSERT INTO DUMP_PEER VALUES ('peer9', 'http://localhost:9/')");
        targetAccounts = target.rows("DUMP_ACCOUNT");
        refused(file, "this node holds data already: DUMP_ACCOUNT (2 rows), DUMP_PEER (1 rows)");

        target.service.restore(file, true, (table, rows, total, done) -> { });
        assertEquals(source.rows("DUMP_ACCOUNT"), target.rows("DUMP_ACCOUNT"));
        assertEquals(source.rows("DUMP_PEER"), target.rows("DUMP_PEER"));
    }

    @Test
    public void aFailedRestoreLeavesTheTablesAsTheyWere() throws Exception {
        // A row the target cannot take (its column is too narrow): the whole restore is rolled back.
        target.sql("DROP TABLE DUMP_PEER", "CREATE TABLE DUMP_PEER (ID VARCHAR(64) PRIMARY KEY, URL VARCHAR(5))");
        refused(file, "restoring the tables (nothing was changed) failed");
    }

    private void refused(Path backup, String why) throws Exception {
        try {
            target.service.restore(backup, false, (table, rows, total, done) -> { });
            fail("restored " + backup);
        } catch (BackupException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(why));
        }
        assertEquals(targetAccounts, target.rows("DUMP_ACCOUNT"));
        assertEquals(List.of(), target.rows("DUMP_RECORD"));
        assertTrue(Arrays.equals(targetKey, Files.readAllBytes(target.files.nodeKey())));
    }

    private Path rewrite(BiFunction<String, byte[], byte[]> change, String... extraEntries) throws IOException {
        Path copy = folder.getRoot().toPath().resolve("copy-" + System.nanoTime() + ".zip");
        try (ZipFile zip = new ZipFile(file.toFile()); OutputStream out = Files.newOutputStream(copy);
                ZipOutputStream rewritten = new ZipOutputStream(out)) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    rewritten.putNextEntry(new ZipEntry(entry.getName()));
                    rewritten.write(change.apply(entry.getName(), in.readAllBytes()));
                    rewritten.closeEntry();
                }
            }
            for (String extra : extraEntries) {
                rewritten.putNextEntry(new ZipEntry(extra));
                rewritten.write("x = 1\n".getBytes(StandardCharsets.UTF_8));
                rewritten.closeEntry();
            }
        }
        return copy;
    }

    private static byte[] rehash(byte[] manifest, String entry, byte[] bytes) {
        String json = new String(manifest, StandardCharsets.UTF_8);
        String digest = java.util.HexFormat.of().formatHex(BackupWriter.sha256().digest(bytes));
        json = json.replaceFirst("(\"" + entry + "\" : \\{\\s*\"size\" : )\\d+(,\\s*\"sha256\" : \")[0-9a-f]+",
                "$1" + bytes.length + "$2" + digest);
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] otherKeyPem() throws IOException {
        Path other = folder.getRoot().toPath().resolve("other.key");
        org.dump.crypto.KeyFile.write(other, Ed25519KeyPair.generate());
        return Files.readAllBytes(other);
    }
}
