package org.dump.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KeyFileTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aNewKeyIsWrittenForTheOwnerOnlyAndReadBackUnchanged() throws IOException {
        Path file = folder.getRoot().toPath().resolve("identity/node.key");

        Ed25519KeyPair created = KeyFile.loadOrCreate(file);
        Ed25519KeyPair loaded = KeyFile.loadOrCreate(file);

        assertEquals(created.publicKey(), loaded.publicKey());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        try (var listing = Files.list(file.getParent())) {
            assertEquals("no temporary file is left behind", 1, listing.count());
        }
    }

    @Test
    public void aKeyFileIsNeverOverwritten() throws IOException {
        Path file = folder.getRoot().toPath().resolve("node.key");
        Ed25519KeyPair first = KeyFile.loadOrCreate(file);

        assertThrows(FileAlreadyExistsException.class, () -> KeyFile.write(file, Ed25519KeyPair.generate()));
        assertEquals(first.publicKey(), KeyFile.read(file).publicKey());
    }

    @Test
    public void aDamagedKeyFileIsReportedAndLeftAsItIs() throws IOException {
        Path file = folder.getRoot().toPath().resolve("node.key");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");

        IOException error = assertThrows(IOException.class, () -> KeyFile.loadOrCreate(file));
        assertTrue(error.getMessage(), error.getMessage().contains("no Ed25519 private key"));
        assertEquals("-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n", Files.readString(file));
    }

    @Test
    public void permissionsThatAreTooOpenAreNarrowed() throws IOException {
        Path file = folder.getRoot().toPath().resolve("node.key");
        KeyFile.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertTrue(KeyFile.restrictToOwner(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(false, KeyFile.restrictToOwner(file));
    }
}
