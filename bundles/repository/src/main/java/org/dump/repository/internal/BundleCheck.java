package org.dump.repository.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.crypto.JarSignatureException;
import org.dump.crypto.JarSignatures;
import org.dump.repository.ModuleRefusedException;

/**
 * The check every bundle passes before it is kept or installed: its SHA-256 is the one its publisher's signed index
 * gives, and its JAR signature is that same publisher's. Both, because the digest alone would trust whoever
 * controls the index's host, and the JAR signature alone would let an old signed bundle pass for a new one.
 * Before the JAR signature is read, the zip is unpacked once within bounds ({@link #MAX_UNPACKED_BYTES}, its
 * entries' declared sizes): {@code java.util.jar} unpacks whatever an entry inflates to, into memory for the
 * manifest, so a small zip bomb would take minutes or the heap.
 */
final class BundleCheck {

    /** No module bundle unpacks to more than this. */
    static final long MAX_UNPACKED_BYTES = 256L * 1024 * 1024;
    /** The manifest and the signature files, which {@code java.util.jar} reads into memory whole. */
    static final long MAX_META_INF_BYTES = 8L * 1024 * 1024;

    private BundleCheck() {
    }

    static void verify(Path jar, IndexResource resource, SignedIndex index) throws ModuleRefusedException {
        String what = resource.describe();
        String digest = sha256(jar);
        if (!digest.equals(resource.sha256())) {
            throw new ModuleRefusedException(what + " is not the bundle its publisher's index lists: SHA-256 "
                    + digest + " instead of " + resource.sha256() + " (altered, or another file)");
        }
        checkUnpacking(jar, what);
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

    /**
     * Unpacks every entry, refusing a bundle whose entries declare more than the bounds together, an entry that
     * unpacks to more than its declared size (a zip bomb lies about its size), and two entries of the same name
     * (only one of which would be read, verified and loaded).
     */
    private static void checkUnpacking(Path jar, String what) throws ModuleRefusedException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Set<String> names = new HashSet<>();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                if (!names.add(entry.getName())) {
                    throw new ModuleRefusedException(what + " holds two entries named " + entry.getName());
                }
                long declared = entry.getSize();
                total += Math.max(declared, 0);
                long bound = isMetaInf(entry.getName()) ? MAX_META_INF_BYTES : MAX_UNPACKED_BYTES;
                if (declared < 0 || declared > bound || total > MAX_UNPACKED_BYTES) {
                    throw new ModuleRefusedException(what + " unpacks to more than " + (declared > bound ? bound
                            : MAX_UNPACKED_BYTES) + " bytes (entry " + entry.getName() + ")");
                }
                long unpacked = 0;
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) > 0;) {
                        unpacked += n;
                        if (unpacked > declared) {
                            throw new ModuleRefusedException(what + " is a zip bomb: entry " + entry.getName()
                                    + " unpacks to more than the " + declared + " bytes it declares");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new ModuleRefusedException(what + " cannot be read as a jar: " + RepositoryHttp.reason(e), e);
        } catch (IllegalArgumentException e) {
            // java.util.zip's answer to an entry comment (or name) that is not UTF-8 (found by BundleCheckFuzzTest).
            throw new ModuleRefusedException(what + " cannot be read as a jar: an entry's name or comment is not "
                    + "UTF-8 (" + e.getMessage() + ")", e);
        }
    }

    /** A file directly in META-INF/: the manifest and the signature's files are among them. */
    private static boolean isMetaInf(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.startsWith("META-INF/") && upper.indexOf('/', "META-INF/".length()) < 0;
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
