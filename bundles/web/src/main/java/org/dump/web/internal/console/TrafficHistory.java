package org.dump.web.internal.console;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replication traffic over time, in memory: the peer directory keeps only running totals of records in and out per
 * peer, so the chart is made by taking those totals every few seconds and keeping the differences, the newest
 * {@code capacity} samples of them (a ring: the oldest falls out). A peer seen for the first time, or whose totals
 * went down (removed and added again), starts from its current totals: what it exchanged before is not put into
 * one sample as if it had all happened then.
 */
final class TrafficHistory {

    /** A peer's running totals at the time of a sample. */
    record Totals(String nodeId, String name, long recordsIn, long recordsOut) {
    }

    /** One peer's records per sample, aligned with {@link Chart#times()}. */
    record Series(String nodeId, String name, long[] in, long[] out) {
    }

    /**
     * What the chart draws.
     *
     * @param intervalSeconds how far apart the samples are meant to be
     * @param times           when each sample was taken (ISO-8601), oldest first
     */
    record Chart(long intervalSeconds, List<String> times, List<Series> series) {
    }

    private record Sample(Instant time, Map<String, long[]> deltas) {
    }

    private final int capacity;
    private final long intervalSeconds;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Map<String, long[]> lastTotals = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();

    TrafficHistory(int capacity, long intervalSeconds) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.intervalSeconds = intervalSeconds;
    }

    /** Takes the peers' totals as they are at {@code time}. */
    synchronized void sample(Instant time, List<Totals> peers) {
        Map<String, long[]> deltas = new LinkedHashMap<>();
        Map<String, long[]> seen = new HashMap<>();
        for (Totals peer : peers) {
            long[] previous = lastTotals.get(peer.nodeId());
            long in = 0;
            long out = 0;
            if (previous != null && peer.recordsIn() >= previous[0] && peer.recordsOut() >= previous[1]) {
                in = peer.recordsIn() - previous[0];
                out = peer.recordsOut() - previous[1];
            }
            deltas.put(peer.nodeId(), new long[] {in, out});
            seen.put(peer.nodeId(), new long[] {peer.recordsIn(), peer.recordsOut()});
            names.put(peer.nodeId(), peer.name() == null ? peer.nodeId() : peer.name());
        }
        // A peer that is gone is forgotten: should it come back, it starts afresh.
        lastTotals.clear();
        lastTotals.putAll(seen);
        samples.addLast(new Sample(time, deltas));
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
        names.keySet().removeIf(id -> samples.stream().noneMatch(s -> s.deltas().containsKey(id)));
    }

    synchronized Chart chart() {
        List<Sample> kept = new ArrayList<>(samples);
        Map<String, Series> series = new LinkedHashMap<>();
        for (int i = 0; i < kept.size(); i++) {
            for (Map.Entry<String, long[]> peer : kept.get(i).deltas().entrySet()) {
                Series line = series.computeIfAbsent(peer.getKey(), id -> new Series(id, names.getOrDefault(id, id),
                        new long[kept.size()], new long[kept.size()]));
                line.in()[i] = peer.getValue()[0];
                line.out()[i] = peer.getValue()[1];
            }
        }
        return new Chart(intervalSeconds, kept.stream().map(s -> s.time().toString()).toList(),
                List.copyOf(series.values()));
    }
}
