package org.dump.node.account;

/** The node's last administrator cannot be removed: nobody could manage the node afterwards. */
public class LastAdministratorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LastAdministratorException(String username) {
        super("'" + username + "' is the node's last administrator and cannot be removed");
    }
}
