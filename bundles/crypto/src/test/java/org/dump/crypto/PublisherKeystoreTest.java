package org.dump.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PublisherKeystoreTest {

    @ClassRule
    public static final TemporaryFolder FOLDER = new TemporaryFolder();

    private static Path keystore;

    @BeforeClass
    public static void makeKeystore() throws Exception {
        keystore = SigningKeys.keystore(FOLDER.getRoot().toPath(), "publisher", "Ed25519");
    }

    @Test
    public void theKeyFromTheKeystoreSigns() throws Exception {
        Ed25519KeyPair publisher = read(keystore, SigningKeys.PASSWORD, SigningKeys.ALIAS);

        byte[] message = "index".getBytes(UTF_8);
        assertTrue(publisher.publicKey().verify(message, publisher.sign(message)));
        assertEquals(publisher.publicKey(), read(keystore, SigningKeys.PASSWORD, SigningKeys.ALIAS).publicKey());
    }

    @Test
    public void aWrongPasswordIsSaidToBeOne() {
        UnrecoverableKeyException e = assertThrows(UnrecoverableKeyException.class,
                () -> read(keystore, "not-the-password", SigningKeys.ALIAS));
        assertTrue(e.getMessage(), e.getMessage().startsWith("wrong password for keystore"));
    }

    @Test
    public void anUnknownAliasIsNamed() {
        KeyStoreException e = assertThrows(KeyStoreException.class,
                () -> read(keystore, SigningKeys.PASSWORD, "someone"));
        assertTrue(e.getMessage(), e.getMessage().contains("no private key under the alias 'someone'"));
        assertTrue(e.getMessage(), e.getMessage().contains("aliases: publisher"));
    }

    @Test
    public void anRsaKeyIsRefused() throws Exception {
        Path rsa = SigningKeys.keystore(FOLDER.getRoot().toPath(), "rsa", "RSA");
        KeyStoreException e = assertThrows(KeyStoreException.class,
                () -> read(rsa, SigningKeys.PASSWORD, SigningKeys.ALIAS));
        assertTrue(e.getMessage(), e.getMessage().contains("is a RSA key"));
    }

    @Test
    public void aMissingOrForeignFileIsAnIoProblem() throws Exception {
        Path missing = FOLDER.getRoot().toPath().resolve("missing.p12");
        assertThrows(IOException.class, () -> read(missing, SigningKeys.PASSWORD, SigningKeys.ALIAS));

        Path text = Files.writeString(FOLDER.getRoot().toPath().resolve("text.p12"), "not a keystore");
        IOException e = assertThrows(IOException.class, () -> read(text, SigningKeys.PASSWORD, SigningKeys.ALIAS));
        assertTrue(e.getMessage(), e.getMessage().contains("not a PKCS#12 keystore"));
    }

    private static Ed25519KeyPair read(Path file, String password, String alias) throws Exception {
        return PublisherKeystore.read(file, password.toCharArray(), alias);
    }
}
