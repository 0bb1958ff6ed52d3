package org.dump.web.internal.security;

/**
 * The node holds as many sessions as it allows ({@code maxSessions}); a new one is refused rather than taken from
 * somebody who is signed in. Answered with 503 and Retry-After: sessions end as they go idle.
 */
public final class SessionsFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the refused caller is told to wait. */
    public static final int RETRY_AFTER_SECONDS = 60;

    public SessionsFullException() {
        super("the node holds as many sessions as it allows: try again later, or use HTTP Basic credentials");
    }
}
