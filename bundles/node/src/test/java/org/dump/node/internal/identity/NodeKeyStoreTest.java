package org.dump.node.internal.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.dump.crypto.SealedBox;
import org.dump.crypto.SealedBoxException;
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
    public void whatIsSealedToTheNodesPublicKeyOpensWithItsStoredKeyAfterARestart() throws Exception {
        Path file = folder.getRoot().toPath().resolve("dump/node.key");
        NodeKeyStore node = new NodeKeyStore(file);
        byte[] profile = "{\"displayName\":\"Adam\"}".getBytes(UTF_8);
        byte[] aad = "request\n1\nnode".getBytes(UTF_8);
        byte[] sealed = SealedBox.seal(node.publicKey(), "profile answer", profile, aad);

        assertArrayEquals(profile, new NodeKeyStore(file).open("profile answer", sealed, aad));
        NodeKeyStore other = new NodeKeyStore(folder.getRoot().toPath().resolve("other/node.key"));
        SealedBoxException notForIt = assertThrows(SealedBoxException.class,
                () -> other.open("profile answer", sealed, aad));
        assertTrue(notForIt.getMessage(), notForIt.getMessage().contains("do not open"));
        SealedBoxException truncated = assertThrows(SealedBoxException.class,
                () -> node.open("profile answer", Arrays.copyOf(sealed, 20), aad));
        assertTrue(truncated.getMessage(), truncated.getMessage().contains("at least"));
    }

    @Test
    public void aDamagedKeyStopsTheNodeInsteadOfMakingANewIdentity() throws IOException {
        Path file = folder.getRoot().toPath().resolve("node.key");
        Files.writeString(file, "not a key");

        assertThrows(IOException.class, () -> new NodeKeyStore(file));
        assertEquals("not a key", Files.readString(file));
    }
}
