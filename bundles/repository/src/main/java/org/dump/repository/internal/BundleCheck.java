package org.dump.repository.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.crypto.JarSignatureException;
import org.dump.crypto.JarSignatures;
import org.dump.repository.ModuleRefusedException;

/**
 * The check every bundle passes before it is kept or installed: its SHA-256 is the one its publisher's signed index
 * gives, and its JAR signature is that same publisher's. Both, because the digest alone would trust whoever
 * controls the index's host, and the JAR signature alone would let an old signed bundle pass for a new one.
 */
final class BundleCheck {

    private BundleCheck() {
    }

    static void verify(Path jar, IndexResource resource, SignedIndex index) throws ModuleRefusedException {
        String what = resource.describe();
        String digest = sha256(jar);
        if (!digest.equals(resource.sha256())) {
            throw new ModuleRefusedException(what + " is not the bundle its publisher's index lists: SHA-256 "
                    + digest + " instead of " + resource.sha256() + " (altered, or another file)");
        }
        Ed25519PublicKey signer;
        try {
            signer = JarSignatures.signer(jar);
        } catch (JarSignatureException e) {
            throw new ModuleRefusedException(what + " has no valid JAR signature: " + e.getMessage());
        }
        if (!signer.fingerprint().equals(index.fingerprint())) {
            throw new ModuleRefusedException(what + " is JAR-signed by " + signer.fingerprint() + ", not by "
                    + index.publisher().name() + " (" + index.fingerprint() + ") who published it");
        }
    }

    static String sha256(Path file) throws ModuleRefusedException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0;) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new ModuleRefusedException("Cannot read " + file + ": " + RepositoryHttp.reason(e), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
