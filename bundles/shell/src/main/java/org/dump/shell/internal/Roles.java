package org.dump.shell.internal;

import java.util.stream.Collectors;

import org.dump.node.account.Account;
import org.dump.node.account.Role;

/** How the shell writes an account's roles. */
final class Roles {

    private Roles() {
    }

    static String labels(Account account) {
        return account.roles().stream().map(Role::label).sorted().collect(Collectors.joining(", "));
    }
}
