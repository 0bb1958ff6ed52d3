package org.dump.node.persistence;

import java.time.Duration;
import java.util.Optional;

/**
 * The node's database could not do the work asked of it for now: it closed the connection the work was on (it was
 * shut down, as embedded Derby does when its disk is full, or restarted; a write was then most likely not done, unless
 * the database had recorded its commit just before), or it is out of disk space ({@link StorageFullException}: nothing
 * was stored). Callers tell their clients to come back after {@link #retryAfter()}: the REST API with 503 (507 for a
 * write refused for lack of space), federation likewise.
 */
public class DatabaseUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How far down a chain of causes {@link #in} looks: wrappers are few; a cycle must not loop. */
    private static final int MAX_DEPTH = 16;

    private final Duration retryAfter;

    /** @param cause what the database said, or null for work refused before it reached the database */
    public DatabaseUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** @return how long a client is asked to wait before it tries again */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * @return {@code error} itself or the first of its causes that is a DatabaseUnavailableException: layers between
     *         the store and the caller (a module's code, a future) may wrap it
     */
    public static Optional<DatabaseUnavailableException> in(Throwable error) {
        Throwable next = error;
        for (int depth = 0; next != null && depth < MAX_DEPTH; depth++) {
            if (next instanceof DatabaseUnavailableException unavailable) {
                return Optional.of(unavailable);
            }
            next = next.getCause();
        }
        return Optional.empty();
    }
}
