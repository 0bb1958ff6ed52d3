package org.dump.node.account;

import java.time.Instant;
import java.util.Set;

/**
 * An account on this node, without its password.
 *
 * @param username the unique, lower-case name the user signs in with
 * @param roles    never empty; always contains {@link Role#USER}
 * @param created  when the account was made
 */
public record Account(String username, Set<Role> roles, Instant created) {

    public Account {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }
}
