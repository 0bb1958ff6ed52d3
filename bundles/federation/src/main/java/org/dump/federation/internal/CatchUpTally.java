package org.dump.federation.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.dump.federation.Peer;
import org.dump.node.module.RunningModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a catch-up ({@link AntiEntropy}) has taken in so far, and where its time went. */
final class CatchUpTally {

    private static final Logger LOG = LoggerFactory.getLogger(CatchUpTally.class);

    /** How often a long catch-up (a node that was away for days, say) tells the log how far it has come. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    final long start;
    private long nextProgress;
    int pages;
    long stored;
    long known;
    long refused;
    long gone;
    /** Nanoseconds spent waiting for the peer's next page, and for the page before to be stored. */
    long waitedForPeer;
    long waitedForStore;

    CatchUpTally(long start) {
        this.start = start;
        this.nextProgress = start + PROGRESS_EVERY.toNanos();
    }

    /**
     * @param now {@link System#nanoTime()}
     * @return how far the catch-up has come, once every {@link #PROGRESS_EVERY}; null in between, so a short
     *         catch-up logs only its end
     */
    String progress(long now) {
        if (now - nextProgress < 0) {
            return null;
        }
        nextProgress = now + PROGRESS_EVERY.toNanos();
        long millis = millisAt(now);
        return pages + " page(s) in, so far " + stored + " new, " + known + " known, " + refused + " refused | "
                + millis + " ms, " + perSecond(millis) + " records/s";
    }

    /** @return milliseconds from the start to {@code now} ({@link System#nanoTime()}), at least 1 */
    long millisAt(long now) {
        return Math.max(1, (now - start) / 1_000_000);
    }

    /** @return records taken in (new or known) per second over {@code millis} */
    long perSecond(long millis) {
        return (stored + known) * 1000 / millis;
    }

    /** @return the page, once stored; the wait counts as waiting for the store */
    StoredPage stored(CompletableFuture<StoredPage> page) {
        long from = System.nanoTime();
        try {
            return join(page);
        } finally {
            waitedForStore += System.nanoTime() - from;
        }
    }

    /** @return whether the page brought nothing but refused records */
    boolean add(Peer peer, RunningModule module, StoredPage page) {
        RecordReception.Outcome outcome = page.outcome();
        LOG.debug("Page from peer {} for {}: {} new, {} known, {} refused, {} numbers gone", peer.nodeId(),
                module.id(), outcome.stored(), outcome.duplicates(), outcome.refused().size(), page.gone());
        stored += outcome.stored();
        known += outcome.duplicates();
        refused += outcome.refused().size();
        gone += page.gone();
        return outcome.stored() + outcome.duplicates() == 0 && page.gone() == 0;
    }

    private static StoredPage join(CompletableFuture<StoredPage> page) {
        try {
            return page.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** What became of one page: its records, and how many of the numbers it said were gone. */
    record StoredPage(RecordReception.Outcome outcome, long gone) {
    }
}
