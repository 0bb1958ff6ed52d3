package org.dump.backup.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The node's files a backup carries besides its database: its key and first administrator password in
 * {@code ${karaf.data}/dump}, and its configuration in {@code ${karaf.etc}}.
 */
record NodeFiles(Path etc, Path data) {

    static final String NODE_KEY = "node.key";
    static final String ADMIN_PASSWORD = "initial-admin-password";
    /** Where a restore keeps the key it replaces: an identity is never simply deleted. */
    static final String REPLACED_KEY = "node.key.before-restore";

    Path nodeKey() {
        return data.resolve(NODE_KEY);
    }

    Path adminPassword() {
        return data.resolve(ADMIN_PASSWORD);
    }

    /** @return the regular files under etc/, as relative paths with '/', sorted */
    List<String> etcFiles() throws IOException {
        if (!Files.isDirectory(etc)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(etc)) {
            return files.filter(Files::isRegularFile).map(f -> etc.relativize(f).toString().replace('\\', '/'))
                    .filter(BackupLayout::isSafe).sorted().toList();
        }
    }
}
