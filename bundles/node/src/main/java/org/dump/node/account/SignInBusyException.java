package org.dump.node.account;

import java.time.Duration;

/**
 * The node is already computing as many password hashes as it allows at once, and none became free in time; the
 * password was not checked (or not set). Each hash takes a lot of memory on purpose, so the number that run at
 * once is bounded rather than left to the number of requests.
 *
 * @since 1.1
 */
public class SignInBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public SignInBusyException(Duration retryAfter) {
        super("the node is checking too many passwords at once: try again in " + Math.max(1, retryAfter.toSeconds())
                + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
