package org.dump.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * A private key kept in a file that only its owner may read (PEM PKCS#8, mode 0600, in a directory of mode 0700).
 * A key file is written once, atomically, and never overwritten: losing it means losing the identity it proves.
 */
public final class KeyFile {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private KeyFile() {
    }

    /**
     * Reads the key pair in {@code file}, or makes a new one and writes it there if the file does not exist.
     *
     * @throws IOException if the file exists but cannot be read as an Ed25519 private key; it is left untouched
     */
    public static Ed25519KeyPair loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return read(file);
        }
        Ed25519KeyPair keyPair = Ed25519KeyPair.generate();
        try {
            write(file, keyPair);
            return keyPair;
        } catch (FileAlreadyExistsException raced) {
            return read(file);
        }
    }

    /**
     * Reads a key pair from the text of a key file (e.g. one carried in a backup).
     *
     * @throws IllegalArgumentException if the text is not a PEM PKCS#8 Ed25519 private key
     */
    public static Ed25519KeyPair parse(String pem) {
        return Ed25519KeyPair.fromPem(pem);
    }

    /**
     * @throws IOException if the file is missing, unreadable or holds no Ed25519 private key
     */
    public static Ed25519KeyPair read(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            return Ed25519KeyPair.fromPem(pem);
        } catch (IllegalArgumentException e) {
            throw new IOException("key file " + file + " holds no Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the key pair to a new file readable only by its owner. The file appears whole or not at all.
     *
     * @throws FileAlreadyExistsException if {@code file} exists: a key is never overwritten
     */
    public static void write(Path file, Ed25519KeyPair keyPair) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        createOwnerOnlyDirectory(directory);
        Path temporary = Files.createTempFile(directory, ".key-", ".tmp", attributesFor(directory, OWNER_ONLY_FILE));
        try {
            Files.writeString(temporary, keyPair.toPem(), StandardCharsets.US_ASCII);
            restrictToOwner(temporary);
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString(), null, "a key file is never overwritten");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Makes {@code file} readable and writable by its owner only, where the file system knows POSIX permissions.
     *
     * @return true if the permissions had to be narrowed
     */
    public static boolean restrictToOwner(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return false;
        }
        Set<PosixFilePermission> wanted = Files.isDirectory(file) ? OWNER_ONLY_DIRECTORY : OWNER_ONLY_FILE;
        if (view.readAttributes().permissions().equals(wanted)) {
            return false;
        }
        view.setPermissions(EnumSet.copyOf(wanted));
        return true;
    }

    private static void createOwnerOnlyDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, attributesFor(directory.getRoot(), OWNER_ONLY_DIRECTORY));
        }
    }

    private static java.nio.file.attribute.FileAttribute<?>[] attributesFor(Path onFileSystemOf,
            Set<PosixFilePermission> permissions) {
        boolean posix = onFileSystemOf != null
                && onFileSystemOf.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new java.nio.file.attribute.FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new java.nio.file.attribute.FileAttribute<?>[0];
    }
}
