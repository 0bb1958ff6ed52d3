package org.dump.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.dump.crypto.JarSignatureException.Problem;

/**
 * Checks a bundle's JAR signature before a node installs it. The Java SecurityManager is gone, so the OSGi framework
 * no longer checks signatures itself: this is the check. It relies on {@code java.util.jar}, which verifies each
 * entry against the signed digests while the entry is read, and asks for what the framework would not: exactly one
 * signer, an Ed25519 key, and every entry signed.
 */
public final class JarSignatures {

    private JarSignatures() {
    }

    /**
     * @return the key of the single Ed25519 signer that signed every entry of the jar (the META-INF signature files,
     *         the manifest and directories excepted). The certificate around the key is not checked: a node trusts
     *         publisher keys, not certificate authorities.
     * @throws JarSignatureException naming the problem: not a jar, not signed at all, an entry not signed, content
     *                               that does not match its signed digest, more than one signer, a signer key that
     *                               is not Ed25519
     */
    public static Ed25519PublicKey signer(Path jar) throws JarSignatureException {
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            byte[] buffer = new byte[8192];
            CodeSigner signer = null;
            String unsigned = null;
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || isSignatureFile(entry.getName())) {
                    continue;
                }
                // The code signers are known only once the entry was read to its end; reading is also what checks
                // the content against its signed digest.
                readFully(file, entry, buffer);
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    unsigned = unsigned == null ? entry.getName() : unsigned;
                    continue;
                }
                if (signers.length > 1 || signer != null && !signer.equals(signers[0])) {
                    throw new JarSignatureException(Problem.SEVERAL_SIGNERS, jar.getFileName()
                            + " is signed by more than one signer (entry " + entry.getName() + ")");
                }
                signer = signers[0];
            }
            if (signer == null) {
                throw new JarSignatureException(Problem.NOT_SIGNED, jar.getFileName() + " is not signed");
            }
            if (unsigned != null) {
                throw new JarSignatureException(Problem.UNSIGNED_ENTRY,
                        "entry " + unsigned + " of " + jar.getFileName() + " is not signed");
            }
            return ed25519Key(jar, signer);
        } catch (SecurityException e) {
            throw new JarSignatureException(Problem.TAMPERED, jar.getFileName()
                    + " was changed after it was signed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new JarSignatureException(Problem.NOT_A_JAR, jar.getFileName() + " cannot be read as a jar: "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // java.util.zip's answer to an entry comment (or name) that is not UTF-8.
            throw new JarSignatureException(Problem.NOT_A_JAR, jar.getFileName() + " cannot be read as a jar: an "
                    + "entry's name or comment is not UTF-8 (" + e.getMessage() + ")", e);
        }
    }

    private static void readFully(JarFile file, JarEntry entry, byte[] buffer) throws IOException {
        try (InputStream in = file.getInputStream(entry)) {
            while (in.read(buffer) >= 0) {
                // the bytes do not matter, only the verification done while reading them
            }
        }
    }

    private static Ed25519PublicKey ed25519Key(Path jar, CodeSigner signer) throws JarSignatureException {
        List<? extends Certificate> chain = signer.getSignerCertPath().getCertificates();
        PublicKey key = chain.get(0).getPublicKey();
        Ed25519PublicKey ed25519 = Ed25519PublicKey.fromSubjectPublicKeyInfo(key.getEncoded());
        if (ed25519 == null) {
            throw new JarSignatureException(Problem.NOT_ED25519, jar.getFileName() + " is signed with a "
                    + key.getAlgorithm() + " key, not Ed25519");
        }
        return ed25519;
    }

    /**
     * The files of the signature itself, which it cannot cover: the manifest, and the signature file and signature
     * block of each signer directly in META-INF (jarsigner's names, as {@code java.util.jar} recognises them).
     */
    private static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        return file.equals("MANIFEST.MF") || file.startsWith("SIG-")
                || Arrays.asList(".SF", ".DSA", ".RSA", ".EC").stream().anyMatch(file::endsWith);
    }
}
