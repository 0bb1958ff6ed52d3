package org.dump.node.internal.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NodeKeyStoreTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void theIdIsTheKeysFingerprintAndSurvivesARestart() throws IOException {
        Path file = folder.getRoot().toPath().resolve("dump/node.key");

        NodeKeyStore first = new NodeKeyStore(file);
        NodeKeyStore again = new NodeKeyStore(file);

        assertEquals(first.publicKey().fingerprint(), first.id());
        assertEquals(first.id(), again.id());
        assertEquals(first.publicKey(), again.publicKey());
        byte[] message = "signed by the node".getBytes(UTF_8);
        assertTrue(first.publicKey().verify(message, again.sign(message)));
    }

    @Test
    public void anotherDataDirectoryIsAnotherNode() throws IOException {
        NodeKeyStore x = new NodeKeyStore(folder.getRoot().toPath().resolve("x/node.key"));
        NodeKeyStore y = new NodeKeyStore(folder.getRoot().toPath().resolve("y/node.key"));

        assertNotEquals(x.id(), y.id());
    }

    @Test
    public void aDamagedKeyStopsTheNodeInsteadOfMakingANewIdentity() throws IOException {
        Path file = folder.getRoot().toPath().resolve("node.key");
        Files.writeString(file, "not a key");

        assertThrows(IOException.class, () -> new NodeKeyStore(file));
        assertEquals("not a key", Files.readString(file));
    }
}
