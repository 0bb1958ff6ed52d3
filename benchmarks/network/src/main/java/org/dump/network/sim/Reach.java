package org.dump.network.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * How far each record written during the busy period got, and when: per record the nodes it should reach (its
 * audience), the times it reached 50 %, 99 % and 100 % of them, and over all records how many held them at each age.
 * A node holds a record from the first version of it it stores (the record itself, or already its deletion). At the end
 * of the drain it notes what share of the module's nodes, and of each audience, held each record by then.
 */
final class Reach {

    static final double[] SHARES = {0.5, 0.99, 1.0};
    /** Ages are counted in tenths of a second. */
    static final int TICKS_PER_SECOND = 10;
    /** Hops are counted up to this; a copy that travelled more counts as this many. */
    static final int MAX_HOPS = 200;

    /**
     * @param holders [0] the holders in its audience, [1] all holders (module nodes online at its writing or not)
     * @param hops    per number of hops (the last bucket: that many or more), the holders whose first copy travelled it
     */
    private record Tracked(long writtenAt, BitSet audience, int size, int[] needed, long[] reachedAt, int[] holders,
            int[] hops) {
    }

    /**
     * The shares held at the end of the drain, means over records and the lowest.
     *
     * @param ofAll      of the nodes that run the module
     * @param ofAudience of each record's audience (under churn: the nodes online when it was written)
     */
    record Held(double ofAll, double lowestOfAll, double ofAudience, double lowestOfAudience) {
        static final Held NONE = new Held(-1, -1, -1, -1);
    }

    private final List<Tracked> records = new ArrayList<>();
    private final long[] heldAtAge;
    private long audiences;
    private Held drained = Held.NONE;

    Reach(Scenario scenario) {
        heldAtAge = new long[(int) ((scenario.drain() + scenario.idle()) * TICKS_PER_SECOND) + 1];
    }

    /**
     * A record is written: its audience is the nodes that run the module, under churn those online now.
     *
     * @param churn whether nodes come and go
     */
    void created(int record, long now, SimNode[] nodes, boolean churn) {
        List<SimNode> audience = new ArrayList<>();
        for (SimNode node : nodes) {
            if (node.runsModule && (node.online || !churn)) {
                audience.add(node);
            }
        }
        while (records.size() < record) {
            records.add(null); // not tracked (none are, before the busy period)
        }
        BitSet members = new BitSet();
        audience.forEach(node -> members.set(node.index));
        int[] needed = new int[SHARES.length];
        for (int s = 0; s < SHARES.length; s++) {
            needed[s] = (int) Math.ceil(SHARES[s] * audience.size());
        }
        long[] reached = new long[SHARES.length];
        Arrays.fill(reached, -1);
        records.add(new Tracked(now, members, audience.size(), needed, reached, new int[2],
                new int[MAX_HOPS + 1]));
        audiences += audience.size();
    }

    void held(int record, int node, long now, int hops) {
        Tracked tracked = record < records.size() ? records.get(record) : null;
        if (tracked == null) {
            return;
        }
        tracked.holders[1]++;
        if (!tracked.audience.get(node)) {
            return;
        }
        long age = now - tracked.writtenAt;
        int tick = (int) (age * TICKS_PER_SECOND / 1_000_000);
        if (tick < heldAtAge.length) {
            heldAtAge[tick]++;
        }
        int holders = ++tracked.holders[0];
        tracked.hops[Math.min(MAX_HOPS, hops)]++;
        for (int s = 0; s < SHARES.length; s++) {
            if (holders == tracked.needed[s]) {
                tracked.reachedAt[s] = age;
            }
        }
    }

    /**
     * @return the median over records of the hops within which {@code SHARES[share]} of the audience got its first
     *         copy (-1 if half the records never reached that share)
     */
    double medianHops(int share) {
        List<Integer> hops = new ArrayList<>();
        for (Tracked tracked : records) {
            if (tracked != null && tracked.size > 0) {
                int within = Integer.MAX_VALUE;
                int sum = 0;
                for (int h = 0; h <= MAX_HOPS && within == Integer.MAX_VALUE; h++) {
                    sum += tracked.hops[h];
                    if (sum >= tracked.needed[share]) {
                        within = h;
                    }
                }
                hops.add(within);
            }
        }
        if (hops.isEmpty()) {
            return -1;
        }
        hops.sort(null);
        int median = hops.get(hops.size() / 2);
        return median == Integer.MAX_VALUE ? -1 : median;
    }

    /** The drain ends: notes the shares of {@code moduleNodes} nodes, and of each audience, that hold each record. */
    void drained(int moduleNodes) {
        double all = 0;
        double lowestAll = 1;
        double audience = 0;
        double lowestAudience = 1;
        int n = 0;
        for (Tracked tracked : records) {
            if (tracked != null && tracked.size > 0) {
                n++;
                double ofAll = (double) tracked.holders[1] / moduleNodes;
                double ofAudience = (double) tracked.holders[0] / tracked.size;
                all += ofAll;
                audience += ofAudience;
                lowestAll = Math.min(lowestAll, ofAll);
                lowestAudience = Math.min(lowestAudience, ofAudience);
            }
        }
        drained = n == 0 ? Held.NONE : new Held(all / n, lowestAll, audience / n, lowestAudience);
    }

    /** @return the shares held at the end of the drain ({@link Held#NONE} before it, or with no record) */
    Held drained() {
        return drained;
    }

    int tracked() {
        return (int) records.stream().filter(r -> r != null).count();
    }

    /** @return the median over records of the time (µs) to reach {@code SHARES[share]}, or -1 if half never did */
    long medianTime(int share) {
        List<Long> times = new ArrayList<>();
        int all = 0;
        for (Tracked tracked : records) {
            if (tracked != null && tracked.size > 0) {
                all++;
                times.add(tracked.reachedAt[share] < 0 ? Long.MAX_VALUE : tracked.reachedAt[share]);
            }
        }
        if (times.isEmpty()) {
            return -1;
        }
        times.sort(null);
        long median = times.get((all - 1) / 2);
        return median == Long.MAX_VALUE ? -1 : median;
    }

    /** @return the share of records that reached all of their audience */
    double complete() {
        long done = records.stream().filter(r -> r != null && r.reachedAt[SHARES.length - 1] >= 0).count();
        return tracked() == 0 ? 0 : (double) done / tracked();
    }

    /**
     * @return the time (µs) from {@code heal} until every record written before it had reached its whole audience
     *         (0 if all had before), or -1 if one never did
     */
    long settledAfter(long heal) {
        long last = heal;
        for (Tracked tracked : records) {
            if (tracked != null && tracked.writtenAt < heal) {
                long full = tracked.reachedAt[SHARES.length - 1];
                if (full < 0) {
                    return -1;
                }
                last = Math.max(last, tracked.writtenAt + full);
            }
        }
        return last - heal;
    }

    /** @return per tick of age, the share of the records' audiences that held them by then */
    double[] curve() {
        double[] curve = new double[heldAtAge.length];
        long sum = 0;
        for (int t = 0; t < heldAtAge.length; t++) {
            sum += heldAtAge[t];
            curve[t] = audiences == 0 ? 0 : (double) sum / audiences;
        }
        return curve;
    }
}
