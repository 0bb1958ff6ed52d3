package org.dump.node.internal.consent;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the outbox waits before it tries a message again: {@code firstMillis} after the first failure, twice as
 * long after each further one up to {@code maxMillis}, each wait ±20% so that messages to one node spread out.
 */
record RetryWaits(long firstMillis, long maxMillis) {

    /** @return the waits of the configuration (at least 1 s each, the maximum at least the first) */
    static RetryWaits of(int firstSeconds, int maxSeconds) {
        long first = Math.max(1, firstSeconds) * 1000L;
        return new RetryWaits(first, Math.max(first, Math.max(1, maxSeconds) * 1000L));
    }

    /** @return how long to wait after the {@code attempts}-th failure */
    long after(int attempts) {
        long wait = Math.min(maxMillis, firstMillis << Math.min(attempts - 1, 30));
        double jitter = 1 + 0.2 * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(1000, (long) (wait * jitter));
    }
}
