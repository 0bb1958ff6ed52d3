package org.dump.federation.internal;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the nonces of signed requests for as long as their signatures are accepted (twice the allowed clock
 * skew), so that a captured request cannot be sent again. Bounded: when full, the oldest nonces go first, and
 * a request older than the oldest one kept is refused rather than risked.
 */
final class ReplayGuard {

    private final Clock clock;
    private final int capacity;
    private final long keepSeconds;
    /** nodeId + nonce → created (epoch seconds), oldest first. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
    private long forgottenUpTo = Long.MIN_VALUE;

    ReplayGuard(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
        this.keepSeconds = 2 * RequestSignatures.MAX_SKEW.toSeconds();
    }

    /** @return true the first time a node's nonce is seen, false for a replay or a request too old to tell */
    synchronized boolean firstTime(String nodeId, String nonce, long created) {
        expire();
        if (created <= forgottenUpTo) {
            return false;
        }
        return seen.putIfAbsent(nodeId + ' ' + nonce, created) == null;
    }

    private void expire() {
        long limit = clock.instant().getEpochSecond() - keepSeconds;
        Iterator<Map.Entry<String, Long>> oldest = seen.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Long> entry = oldest.next();
            if (entry.getValue() >= limit && seen.size() < capacity) {
                break;
            }
            forgottenUpTo = Math.max(forgottenUpTo, entry.getValue());
            oldest.remove();
        }
    }
}
