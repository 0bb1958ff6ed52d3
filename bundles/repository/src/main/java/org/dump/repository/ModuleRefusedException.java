package org.dump.repository;

/**
 * An install, update or uninstall that was not done, with the reason in words for the administrator. The node is
 * as it was before.
 */
public class ModuleRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public ModuleRefusedException(String message) {
        super(message);
    }

    public ModuleRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
