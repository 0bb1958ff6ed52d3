package org.dump.node.account;

/** An account with that username exists already. Nothing was changed. */
public class DuplicateUsernameException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DuplicateUsernameException(String username) {
        super("an account named '" + username + "' exists already");
    }
}
