package org.dump.web.internal.security;

import java.security.Principal;
import java.util.Set;

import org.dump.node.account.Account;
import org.dump.node.account.Role;

/**
 * Who sent the current request, once {@link Authentication} has checked their credentials.
 *
 * @param via how they proved it
 */
public record Caller(Account account, Via via) implements Principal {

    /** How a caller proved who they are. */
    public enum Via {
        /** HTTP Basic credentials on the request itself: scripts. */
        BASIC,
        /** A session cookie from {@code POST /api/session}: the user interface. */
        SESSION
    }

    @Override
    public String getName() {
        return account.username();
    }

    public String username() {
        return account.username();
    }

    public Set<Role> roles() {
        return account.roles();
    }

    public boolean isAdmin() {
        return account.isAdmin();
    }
}
