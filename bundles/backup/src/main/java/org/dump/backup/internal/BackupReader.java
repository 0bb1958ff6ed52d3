package org.dump.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.dump.backup.BackupException;
import org.dump.backup.BackupSummary;
import org.dump.backup.internal.Manifest.EntryDigest;
import org.dump.backup.internal.Manifest.TableRows;
import org.dump.crypto.KeyFile;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A backup file, opened only once it has checked out whole: a manifest of a known format, every entry it lists
 * present with its size and SHA-256, nothing it does not list, every table with as many rows as it says, and a key
 * whose fingerprint is the node id. A truncated, damaged or altered file is refused before anything is touched.
 */
final class BackupReader implements AutoCloseable {

    private final Path file;
    private final ZipFile zip;
    private final Manifest manifest;

    private BackupReader(Path file, ZipFile zip, Manifest manifest) {
        this.file = file;
        this.zip = zip;
        this.manifest = manifest;
    }

    static BackupReader open(Path file, ObjectMapper mapper) throws BackupException {
        Path path = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new BackupException("there is no file " + path);
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw refused(path, "it is not a complete backup file (truncated, or no zip at all): " + e.getMessage());
        } catch (IOException e) {
            throw new BackupException("cannot read " + path + ": " + e.getMessage(), e);
        }
        try {
            ZipEntry entry = zip.getEntry(BackupLayout.MANIFEST);
            if (entry == null) {
                throw refused(path, "it has no " + BackupLayout.MANIFEST);
            }
            Manifest manifest;
            try (InputStream in = zip.getInputStream(entry)) {
                manifest = Manifest.fromJson(mapper.readTree(in));
            } catch (IOException e) {
                throw refused(path, "its manifest is no JSON: " + e.getMessage());
            } catch (BackupException e) {
                throw refused(path, e.getMessage());
            }
            BackupReader reader = new BackupReader(path, zip, manifest);
            reader.verify();
            return reader;
        } catch (BackupException | RuntimeException e) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // the refusal is what matters
            }
            throw e;
        }
    }

    private void verify() throws BackupException {
        Map<String, EntryDigest> listed = manifest.entries();
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
            String name = entries.nextElement().getName();
            if (!name.equals(BackupLayout.MANIFEST) && !listed.containsKey(name)) {
                throw refused(file, "it holds " + name + ", which its manifest does not list");
            }
        }
        if (!listed.containsKey(BackupLayout.NODE_KEY)) {
            throw refused(file, "it holds no node key");
        }
        for (Map.Entry<String, EntryDigest> each : listed.entrySet()) {
            String name = each.getKey();
            if (!BackupLayout.isSafe(name)) {
                throw refused(file, "it holds an entry with an unsafe name: " + name);
            }
            check(name, each.getValue());
        }
        for (TableRows table : manifest.tables()) {
            if (!listed.containsKey(table.table().entry())) {
                throw refused(file, "it lacks the rows of table " + table.table().name());
            }
        }
        String keyId;
        try {
            keyId = KeyFile.parse(new String(bytes(BackupLayout.NODE_KEY), StandardCharsets.US_ASCII))
                    .publicKey().fingerprint();
        } catch (IllegalArgumentException e) {
            throw refused(file, "its node key is no Ed25519 key: " + e.getMessage());
        }
        if (!keyId.equals(manifest.nodeId())) {
            throw refused(file, "its node key is that of node " + keyId + ", not of node " + manifest.nodeId());
        }
    }

    /** Reads the entry whole: its size and digest must be the manifest's, and a table's line count its row count. */
    private void check(String name, EntryDigest expected) throws BackupException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw refused(file, "it lacks " + name + ", which its manifest lists");
        }
        MessageDigest sha256 = BackupWriter.sha256();
        long size = 0;
        long lines = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = zip.getInputStream(entry)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                sha256.update(buffer, 0, n);
                size += n;
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        } catch (IOException e) {
            throw refused(file, name + " cannot be read whole (damaged?): " + e.getMessage());
        }
        if (size != expected.size() || !HexFormat.of().formatHex(sha256.digest()).equals(expected.sha256())) {
            throw refused(file, name + " is not what its manifest says (size or SHA-256 differ): the file was "
                    + "altered or damaged");
        }
        for (TableRows table : manifest.tables()) {
            if (table.table().entry().equals(name) && table.rows() != lines) {
                throw refused(file, name + " holds " + lines + " rows, its manifest says " + table.rows());
            }
        }
    }

    Manifest manifest() {
        return manifest;
    }

    BackupSummary summary() {
        try {
            return manifest.summary(Files.size(file));
        } catch (IOException e) {
            return manifest.summary(-1);
        }
    }

    boolean has(String name) {
        return manifest.entries().containsKey(name);
    }

    byte[] bytes(String name) throws BackupException {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BackupException("cannot read " + name + " from " + file + ": " + e.getMessage(), e);
        }
    }

    InputStream stream(String name) throws IOException {
        return zip.getInputStream(zip.getEntry(name));
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private static BackupException refused(Path file, String why) {
        return new BackupException("refusing " + file + ": " + why);
    }
}
