package org.dump.federation.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many records written here may wait for the push thread to route them to peers: the writes come from the store's
 * writer thread, which never waits for pushes, so without a bound a slow push thread would let them fill the heap.
 * Records beyond it are not pushed; anti-entropy brings them to the peers. Said in the log at most once a minute.
 */
final class RoutingBudget {

    private static final Logger LOG = LoggerFactory.getLogger(RecordPush.class);
    private static final long WARN_EVERY = 60_000_000_000L;

    private final int most;
    private final AtomicInteger waiting = new AtomicInteger();
    /** Records not routed since the last warning, and when that was (System.nanoTime). */
    private final AtomicLong notRouted = new AtomicLong();
    private final AtomicLong warnedAt = new AtomicLong(System.nanoTime() - WARN_EVERY);

    RoutingBudget(int most) {
        this.most = most;
    }

    /** @return whether {@code records} more may wait; if not, they are counted as not routed */
    boolean take(int records) {
        if (waiting.addAndGet(records) <= most) {
            return true;
        }
        waiting.addAndGet(-records);
        notRouted.addAndGet(records);
        long now = System.nanoTime();
        long last = warnedAt.get();
        if (now - last >= WARN_EVERY && warnedAt.compareAndSet(last, now)) {
            LOG.warn("{} record(s) written here are not pushed: {} wait for the push thread already; anti-entropy "
                    + "brings them to the peers", notRouted.getAndSet(0), most);
        }
        return false;
    }

    /** {@code records} taken no longer wait: routed, or never to be (the push thread stopped). */
    void giveBack(int records) {
        waiting.addAndGet(-records);
    }

    int waiting() {
        return waiting.get();
    }
}
