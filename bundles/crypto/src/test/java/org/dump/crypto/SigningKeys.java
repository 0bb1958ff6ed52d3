package org.dump.crypto;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import jdk.security.jarsigner.JarSigner;

/**
 * Keystores made the way a publisher makes them ({@code keytool} of the running JDK) and jars signed the way
 * jarsigner signs them (the JDK's own JarSigner API), for tests.
 */
final class SigningKeys {

    static final String PASSWORD = "test-password";
    static final String ALIAS = "publisher";

    private SigningKeys() {
    }

    /** @return a new PKCS#12 keystore in {@code directory} with one key pair of {@code algorithm} under {@link #ALIAS} */
    static Path keystore(Path directory, String name, String algorithm) throws IOException, InterruptedException {
        Path keystore = directory.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", algorithm, "-alias", ALIAS, "-dname", "CN=" + name,
                "-validity", "30", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("keytool: " + output, 0, keytool.waitFor());
        return keystore;
    }

    /** @return {@code jar} signed with the key in {@code keystore}, written to {@code signed} */
    static Path sign(Path keystore, Path jar, Path signed) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyStore.PrivateKeyEntry entry = (KeyStore.PrivateKeyEntry) store.getEntry(ALIAS,
                new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
        // jarsigner names a signer's files after it: a second signer under the same name would replace the first.
        // (at most 8 characters).
        String name = keystore.getFileName().toString().replace(".p12", "").toUpperCase(java.util.Locale.ROOT);
        String signerName = name.substring(0, Math.min(8, name.length()));
        JarSigner signer = new JarSigner.Builder(entry).signerName(signerName).build();
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream out = Files.newOutputStream(signed)) {
            signer.sign(in, out);
        }
        return signed;
    }

    /** @return a new unsigned jar with a manifest and the given entries */
    static Path jar(Path file, Map<String, String> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "org.dump.test");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            out.putNextEntry(new JarEntry("org/"));
            out.closeEntry();
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return file;
    }

    /**
     * Copies {@code jar} entry by entry, signature files included, replacing the content of the entries in
     * {@code replaced} and appending {@code added}: what someone does who changes a signed jar.
     */
    static Path rewrite(Path jar, Path copy, Map<String, String> replaced, Map<String, String> added)
            throws IOException {
        try (JarFile in = new JarFile(jar.toFile(), false);
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy))) {
            for (JarEntry entry : List.copyOf(in.stream().toList())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                String replacement = replaced.get(entry.getName());
                if (replacement != null) {
                    out.write(replacement.getBytes(StandardCharsets.UTF_8));
                } else {
                    try (InputStream content = in.getInputStream(entry)) {
                        content.transferTo(out);
                    }
                }
                out.closeEntry();
            }
            for (Map.Entry<String, String> entry : added.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return copy;
    }
}
