package org.dump.node.account;

/** No account has that username. */
public class UnknownAccountException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownAccountException(String username) {
        super("no account named '" + username + "'");
    }
}
