package org.dump.node.internal.record;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import org.dump.node.internal.search.SearchIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-your-writes for searches: a search waits until the index holds every writer batch committed before it
 * began, then opens the index's newest view if it has not yet. Views are opened on demand rather than after every
 * batch, so that a node that writes much and searches little does not pay for views nobody reads.
 */
final class SearchFreshness {

    private static final Logger LOG = LoggerFactory.getLogger(SearchFreshness.class);
    /** How long a search waits for the index thread before it goes to the database instead. */
    private static final long WAIT_MILLIS = 2_000;

    private final SearchIndex index;
    private final Object lock = new Object();
    private long applied;
    private final AtomicLong visible = new AtomicLong();

    SearchFreshness(SearchIndex index) {
        this.index = index;
    }

    /** The index thread has put in every batch up to {@code batch}. */
    void applied(long batch) {
        synchronized (lock) {
            applied = Math.max(applied, batch);
            lock.notifyAll();
        }
    }

    /**
     * @param batch the last batch committed before the search
     * @param busy  whether the index thread is rebuilding, so that waiting would be long
     * @return whether searches now see every batch up to {@code batch}; false if the index did not get there in time
     */
    boolean await(long batch, boolean busy) {
        if (visible.get() >= batch) {
            return true;
        }
        long reached;
        long deadline = System.nanoTime() + (busy ? 0 : WAIT_MILLIS * 1_000_000);
        synchronized (lock) {
            while (applied < batch && System.nanoTime() < deadline) {
                try {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            reached = applied;
        }
        if (reached < batch) {
            return false;
        }
        try {
            index.refresh();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not open the search index's newest view: {}", e.toString());
            return false;
        }
        visible.accumulateAndGet(reached, Math::max);
        return true;
    }
}
