package org.dump.backup;

/** A backup or restore that cannot be done; the message says why, for the administrator. */
public class BackupException extends Exception {

    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
