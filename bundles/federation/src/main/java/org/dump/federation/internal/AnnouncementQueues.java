package org.dump.federation.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dump.node.record.RecordInventory.Range;
import org.dump.node.record.SequenceSet;

/**
 * The announcements waiting for each peer: per module and data version, per origin, the sequence numbers of records
 * this node stored and the peer is not pushed (§7.8). Numbers in a row are one range, so a burst of one origin's
 * records is one range whatever its length. Bounded per peer in ranges: a peer over the bound loses what waits for it
 * (anti-entropy brings it the records). Safe for any thread.
 */
final class AnnouncementQueues {

    /** The most ranges waiting for one peer. */
    static final int MAX_RANGES_PER_PEER = 10_000;

    /** What waits for one peer: module@dataVersion → origin → numbers. */
    private static final class Waiting {
        final Map<String, Map<String, SequenceSet>> byModule = new LinkedHashMap<>();
        int ranges;
    }

    private final Map<String, Waiting> byPeer = new HashMap<>();

    /**
     * Queues the announcement of {@code sequence} of {@code origin} for {@code peer}.
     *
     * @return whether what waited for the peer was dropped to keep within {@link #MAX_RANGES_PER_PEER}
     */
    synchronized boolean offer(String peer, String module, String dataVersion, String origin, long sequence) {
        Waiting waiting = byPeer.computeIfAbsent(peer, p -> new Waiting());
        SequenceSet numbers = waiting.byModule.computeIfAbsent(module + "@" + dataVersion, m -> new TreeMap<>())
                .computeIfAbsent(origin, o -> new SequenceSet());
        if (numbers.contains(sequence)) {
            return false;
        }
        boolean below = sequence > Long.MIN_VALUE && numbers.contains(sequence - 1);
        boolean above = sequence < Long.MAX_VALUE && numbers.contains(sequence + 1);
        numbers.add(sequence);
        waiting.ranges += below && above ? -1 : below || above ? 0 : 1; // joins two ranges, grows one, or starts one
        if (waiting.ranges > MAX_RANGES_PER_PEER) {
            byPeer.remove(peer);
            return true;
        }
        return false;
    }

    /**
     * @return all that waits for {@code peer}, taken out: module@dataVersion → origin → ranges; empty if nothing
     */
    synchronized Map<String, Map<String, List<Range>>> take(String peer) {
        Waiting waiting = byPeer.remove(peer);
        Map<String, Map<String, List<Range>>> taken = new LinkedHashMap<>();
        if (waiting != null) {
            waiting.byModule.forEach((module, origins) -> {
                Map<String, List<Range>> ranges = new TreeMap<>();
                origins.forEach((origin, numbers) -> ranges.put(origin, numbers.ranges()));
                taken.put(module, ranges);
            });
        }
        return taken;
    }

    /** @return how many ranges wait for {@code peer} */
    synchronized int waiting(String peer) {
        Waiting waiting = byPeer.get(peer);
        return waiting == null ? 0 : waiting.ranges;
    }

    /** @return how many ranges wait for all peers */
    synchronized int ranges() {
        return byPeer.values().stream().mapToInt(waiting -> waiting.ranges).sum();
    }

    synchronized void drop(String peer) {
        byPeer.remove(peer);
    }

    /** @return the peers for which something waits */
    synchronized Set<String> peers() {
        return Set.copyOf(byPeer.keySet());
    }
}
