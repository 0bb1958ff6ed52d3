package org.dump.backup.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold secrets (a backup holds the node key and password hashes): made with mode 0600 from the start, so
 * that no other user can open them even for a moment, written beside their place and moved in whole.
 */
final class OwnerOnlyFiles {

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions
            .asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> READABLE = PosixFilePermissions
            .asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    private OwnerOnlyFiles() {
    }

    /** @return a new empty file of mode 0600 beside {@code target}, with a name no reader takes for the real one */
    static Path temporaryFor(Path target) throws IOException {
        return Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".",
                ".partial", OWNER_ONLY);
    }

    /** Moves a finished temporary file to {@code target}, which must not exist. */
    static void moveNew(Path temporary, Path target) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        move(temporary, target);
    }

    /** Writes {@code bytes} to {@code target}, replacing it whole; mode 0600 if {@code secret}, else 0644. */
    static void replace(Path target, byte[] bytes, boolean secret) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".",
                ".partial", secret ? OWNER_ONLY : READABLE);
        try {
            Files.write(temporary, bytes);
            move(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void move(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
