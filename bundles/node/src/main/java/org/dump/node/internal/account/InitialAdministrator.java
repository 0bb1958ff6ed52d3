package org.dump.node.internal.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.dump.node.account.AccountService;
import org.dump.node.account.NewAccount;
import org.dump.node.account.Role;
import org.dump.node.internal.NodeDataDirectory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a brand-new node can be managed: on the first start, when there is no account at all, it opens the
 * configured administrator account with a random password and writes that password to a file only the node's
 * owner can read. It never touches a node that has accounts.
 * <p>
 * Nor does it touch a node that held accounts before ({@link AccountHistory}) and now finds a database without any,
 * as after a switch from Derby to PostgreSQL: a new administrator and a new password file would hide that the
 * node's data is not there. It logs one line that says so and how to go on instead.
 * <p>
 * The work runs in the background, off the node's start: it is the first use of the accounts' database and an Argon2
 * hash, which together made a good part of a first boot's critical path. The password file is written only once the
 * account exists, so whoever reads the file can sign in with it.
 */
@Component(immediate = true, configurationPid = AccountsConfig.PID)
public final class InitialAdministrator {

    static final String PASSWORD_FILE = "initial-admin-password";

    private static final Logger LOG = LoggerFactory.getLogger(InitialAdministrator.class);

    private final CompletableFuture<Void> opening;

    @Activate
    public InitialAdministrator(@Reference AccountService accounts, BundleContext context, AccountsConfig config) {
        this(accounts, NodeDataDirectory.of(context), config.initialAdministrator());
    }

    InitialAdministrator(AccountService accounts, Path dataDirectory, String username) {
        Path file = dataDirectory.resolve(PASSWORD_FILE);
        AccountHistory history = new AccountHistory(dataDirectory);
        opening = username == null || username.isBlank() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> openIfNoAccounts(accounts, history, username, file));
    }

    /** @return the work of this start, done once the administrator was made or found not needed */
    CompletableFuture<Void> opening() {
        return opening;
    }

    @Deactivate
    void deactivate() {
        opening.cancel(false);
    }

    private static void openIfNoAccounts(AccountService accounts, AccountHistory history, String username, Path file) {
        try {
            if (accounts.count() > 0) {
                history.remember();
                return;
            }
            List<Path> evidence = history.evidence();
            if (!evidence.isEmpty()) {
                LOG.error(emptyDatabase(evidence));
                return;
            }
            char[] password = randomPassword();
            accounts.create(new NewAccount(username, password, Set.of(Role.ADMIN), "Administrator", null));
            writeOwnerOnly(file, new String(password) + "\n");
            history.remember();
            LOG.warn("No accounts yet: created administrator '{}'. Its password is in {} — sign in and change it.",
                    username, file);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not open the initial administrator account '{}': {}", username, e.toString(), e);
        }
    }

    /** The one line for a node that held accounts and finds none: what happened, and the two ways on. */
    static String emptyDatabase(List<Path> evidence) {
        String files = evidence.stream().map(Path::toString).collect(Collectors.joining(" and "));
        return "The node's database holds no account, but this node held accounts before (" + files + "): no "
                + "administrator was made. If the node was switched to a new database, restore a backup into it with "
                + "dump:restore (docs/admin.md, \"Using PostgreSQL\"); to start this node over with a new "
                + "administrator instead, delete " + files + " and restart the node.";
    }

    private static char[] randomPassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
