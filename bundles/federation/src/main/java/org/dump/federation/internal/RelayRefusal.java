package org.dump.federation.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Why a relay does not take a request at all, and the status that says it (protocol §13): 400, 401, 403, 404, 413,
 * 429 or 503; for 429 and 503 the seconds after which to try again.
 */
final class RelayRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final long retryAfterSeconds;

    RelayRefusal(int status, String message) {
        this(status, message, 0);
    }

    /** @param retryAfterSeconds the {@code Retry-After}; 0 for none */
    RelayRefusal(int status, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    int status() {
        return status;
    }

    /** @return the refusal as an answer: JSON {@code {"message":…}}, with {@code Retry-After} if it has one */
    RelayAnswer answer() {
        RelayAnswer json = RelayAnswer.message(status, getMessage());
        if (retryAfterSeconds <= 0) {
            return json;
        }
        Map<String, String> headers = new HashMap<>(json.headers());
        headers.put("retry-after", Long.toString(retryAfterSeconds));
        return new RelayAnswer(status, headers, json.body());
    }
}
