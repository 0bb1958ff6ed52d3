package org.dump.node.persistence;

import java.time.Duration;

/**
 * The node's database is out of disk space: nothing of the refused work was stored. It ends by itself once there is
 * room again ({@link DatabaseSpace}); the REST API answers 507 Insufficient Storage for a write (503 for a read the
 * database could not serve), federation answers 507 to the peer that pushed.
 */
public final class StorageFullException extends DatabaseUnavailableException {

    private static final long serialVersionUID = 1L;

    private final boolean writing;

    /**
     * @param writing whether a write was refused (else a read failed because the database could not be opened)
     * @param cause   what the database said, or null for a write refused before it reached the database
     */
    public StorageFullException(boolean writing, Duration retryAfter, Throwable cause) {
        super(writing ? "the node's database is out of disk space: nothing was stored; try again later"
                : "the node's database cannot be opened for lack of disk space; try again later", retryAfter, cause);
        this.writing = writing;
    }

    /** @return whether a write was refused; else a read failed */
    public boolean writing() {
        return writing;
    }
}
