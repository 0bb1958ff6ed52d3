package org.dump.node.internal.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Remembers, outside the database, that this node has held accounts: the file {@code data/dump/accounts-held}.
 * A node that held accounts and now finds a database without any was switched to another database (or lost its
 * own); making a new administrator there would hide that, so the initial administrator is made only on a node that
 * never held accounts. Nodes from before this file existed are known by their {@code initial-admin-password}.
 */
final class AccountHistory {

    static final String MARKER = "accounts-held";

    private final Path marker;
    private final Path passwordFile;

    AccountHistory(Path dataDirectory) {
        this.marker = dataDirectory.resolve(MARKER);
        this.passwordFile = dataDirectory.resolve(InitialAdministrator.PASSWORD_FILE);
    }

    /** @return the files that show this node held accounts before; empty for a node that never did */
    List<Path> evidence() {
        return Stream.of(marker, passwordFile).filter(Files::exists).toList();
    }

    /** Notes that the node holds accounts, unless that is noted already. */
    void remember() throws IOException {
        if (Files.exists(marker)) {
            return;
        }
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "This node has held accounts since " + Instant.now() + ". While this file exists, "
                + "the node makes no new administrator on a database without accounts (docs/admin.md, "
                + "\"Using PostgreSQL\"). Delete it only to start this node over with a new administrator.\n",
                StandardCharsets.UTF_8);
    }
}
