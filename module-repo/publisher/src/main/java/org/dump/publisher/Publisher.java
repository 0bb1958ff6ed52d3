package org.dump.publisher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.regex.Pattern;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.KeyFile;
import org.dump.crypto.PublisherKeystore;

/**
 * Who publishes: a name that nodes list the publisher under, and the Ed25519 key from a PKCS#12 keystore that signs
 * both the bundles (as jarsigner would) and the repository index.
 *
 * @param name        the publisher's name in a node's trust configuration ({@code publisher.<name> = <key>})
 * @param keyPair     the key that signs the index
 * @param jarSigning  the same key as the JDK's jar signer wants it, with its certificate
 * @param development whether this is a development key, which no node in production should trust
 */
public record Publisher(String name, Ed25519KeyPair keyPair, KeyStore.PrivateKeyEntry jarSigning,
        boolean development) {

    /** The name under which nodes trust the development key of a DUMP build. */
    public static final String DEVELOPMENT_NAME = "dump-development";

    /** The certificate subject of a development key: whoever looks at the keystore or a signed jar is told. */
    public static final String DEVELOPMENT_SUBJECT = "CN=DUMP development publisher - NOT FOR PRODUCTION";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public Publisher {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a publisher name is letters, digits, '.', '_' and '-' (it becomes the"
                    + " key publisher.<name> of the node's trust configuration), not '" + name + "'");
        }
    }

    /**
     * Reads the publisher's key from a keystore. A keystore made by {@link #createDevelopmentKeystore} is recognised
     * by its certificate and named {@value #DEVELOPMENT_NAME}; any other publisher is named by {@code name}, or by
     * the alias when {@code name} is null.
     *
     * @throws IOException              if the keystore is missing or unreadable
     * @throws GeneralSecurityException if the password is wrong, or there is no Ed25519 key under the alias
     */
    public static Publisher fromKeystore(Path keystore, char[] password, String alias, String name)
            throws IOException, GeneralSecurityException {
        Ed25519KeyPair keyPair = PublisherKeystore.read(keystore, password, alias);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyStore.PrivateKeyEntry entry = (KeyStore.PrivateKeyEntry) store.getEntry(alias,
                new KeyStore.PasswordProtection(password));
        boolean development = entry.getCertificate() instanceof X509Certificate certificate
                && certificate.getSubjectX500Principal().getName().contains("NOT FOR PRODUCTION");
        String chosen = name != null ? name : development ? DEVELOPMENT_NAME : alias;
        return new Publisher(chosen, keyPair, entry, development);
    }

    /**
     * Makes a new PKCS#12 keystore holding an Ed25519 key whose certificate says {@value #DEVELOPMENT_SUBJECT}, with
     * the JDK's own keytool, so that it is exactly what a publisher would make by hand. The password reaches keytool
     * through its environment, not its command line, where other users could read it.
     *
     * @throws IOException if the keystore exists already (a key is never overwritten) or keytool fails
     */
    public static void createDevelopmentKeystore(Path keystore, char[] password, String alias) throws IOException {
        if (Files.exists(keystore)) {
            throw new IOException("keystore " + keystore + " exists already; it is not overwritten");
        }
        Path directory = keystore.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        ProcessBuilder keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-keyalg", "Ed25519", "-alias", alias, "-dname", DEVELOPMENT_SUBJECT,
                "-validity", "3650", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass:env", "DUMP_KEYTOOL_STOREPASS")
                .redirectErrorStream(true);
        keytool.environment().put("DUMP_KEYTOOL_STOREPASS", new String(password));
        Process process = keytool.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (process.waitFor() != 0) {
                throw new IOException("keytool could not make " + keystore + ": " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool made " + keystore, e);
        }
        KeyFile.restrictToOwner(keystore);
    }

    @Override
    public String toString() {
        return "Publisher[" + name + ", " + keyPair.publicKey().fingerprint() + (development ? ", development]" : "]");
    }
}
