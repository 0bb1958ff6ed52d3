package org.dump.backup.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.dump.backup.internal.Manifest.EntryDigest;

/**
 * Writes the entries of a backup file one after the other, counting and hashing each as it goes, and the manifest
 * last: the digests of every entry are known only then.
 */
final class BackupWriter implements AutoCloseable {

    private final ZipOutputStream zip;
    private final Map<String, EntryDigest> digests = new HashMap<>();

    BackupWriter(Path file) throws IOException {
        this.zip = new ZipOutputStream(Files.newOutputStream(file));
    }

    void entry(String name, byte[] bytes) throws IOException {
        try (OutputStream out = entry(name)) {
            out.write(bytes);
        }
    }

    /** @return a stream for the entry's bytes; closing it ends the entry (the zip stays open) */
    OutputStream entry(String name) throws IOException {
        if (digests.containsKey(name) || name.equals(BackupLayout.MANIFEST)) {
            throw new IllegalArgumentException("entry written twice: " + name);
        }
        zip.putNextEntry(new ZipEntry(name));
        MessageDigest sha256 = sha256();
        return new FilterOutputStream(zip) {
            private long size;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                zip.write(b);
                sha256.update((byte) b);
                size++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                zip.write(b, off, len);
                sha256.update(b, off, len);
                size += len;
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    zip.closeEntry();
                    digests.put(name, new EntryDigest(size, HexFormat.of().formatHex(sha256.digest())));
                }
            }
        };
    }

    Map<String, EntryDigest> digests() {
        return Map.copyOf(digests);
    }

    /** Writes the manifest and completes the file. */
    void finish(byte[] manifest) throws IOException {
        zip.putNextEntry(new ZipEntry(BackupLayout.MANIFEST));
        zip.write(manifest);
        zip.closeEntry();
        zip.finish();
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
