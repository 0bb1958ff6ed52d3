package org.dump.federation.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordInventory;
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
    /** Numbers of a peer's gone noted as seen, and ignored (GoneRule); both saturate at Long.MAX_VALUE. */
    long gone;
    long goneIgnored;
    /** A sample of ignored gone that no honest peer sends, for the log; null if none. */
    private String absurdGone;
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
        LOG.debug("Page from peer {} for {}: {} new, {} known, {} refused, numbers gone {}, ignored {}",
                peer.nodeId(), module.id(), outcome.stored(), outcome.duplicates(), outcome.refused().size(),
                page.gone().accepted(), page.gone().ignored());
        stored += outcome.stored();
        known += outcome.duplicates();
        refused += outcome.refused().size();
        long accepted = count(page.gone().accepted());
        gone = saturatedSum(gone, accepted);
        goneIgnored = saturatedSum(goneIgnored, count(page.gone().ignored()));
        if (page.gone().absurd() && absurdGone == null) {
            absurdGone = String.valueOf(page.gone().ignored());
        }
        return outcome.stored() + outcome.duplicates() == 0 && accepted == 0;
    }

    /**
     * Logs and counts against the peer, once per catch-up, numbers it said were gone that no honest peer would
     * send: of this node's own origin, or far above what their origin has signed.
     */
    void reportIgnoredGone(Peer peer, RunningModule module, PeerDirectory peers) {
        if (absurdGone == null) {
            return;
        }
        String said = absurdGone.length() > 200 ? absurdGone.substring(0, 200) + "…" : absurdGone;
        LOG.warn("Peer {} said numbers of {} were gone that no record vouches for (ignored): {}", peer.nodeId(),
                module.id(), said);
        peers.misbehaved(peer.nodeId(), 1, "said numbers were gone that no record vouches for: " + said);
    }

    /** @return how many numbers the ranges hold, at most Long.MAX_VALUE */
    static long count(Map<String, List<RecordInventory.Range>> ranges) {
        long count = 0;
        for (List<RecordInventory.Range> list : ranges.values()) {
            for (RecordInventory.Range range : list) {
                // One range holds at most Long.MAX_VALUE numbers (from >= 1); the sum of several may overflow.
                count = saturatedSum(count, range.to() - range.from() + 1);
            }
        }
        return count;
    }

    static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static StoredPage join(CompletableFuture<StoredPage> page) {
        try {
            return page.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** What became of one page: its records, and what this node made of the numbers it said were gone. */
    record StoredPage(RecordReception.Outcome outcome, RecordInventory.GoneVerdict gone) {
    }
}
