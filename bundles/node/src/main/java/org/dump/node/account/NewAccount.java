package org.dump.node.account;

import java.util.Set;

/**
 * What it takes to open an account. {@link Role#USER} is added to the roles if missing.
 *
 * @param displayName shown on the profile; the username when null
 * @param email       optional
 */
public record NewAccount(String username, char[] password, Set<Role> roles, String displayName, String email) {

    public NewAccount {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }
}
