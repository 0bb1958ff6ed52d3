package org.dump.network.sim;

/**
 * The network between nodes: each pair has a latency (one way) and a loss probability drawn from the seed once and
 * for all, each node an upload bandwidth, and a partition may cut a set of nodes off from the others for a while.
 */
final class Links {

    private final long seed;
    private final long minLatency;
    private final long maxLatency;
    private final double maxLoss;
    /** Bytes per second each node uploads. */
    final long bandwidth;
    private boolean[] cutOff;
    private long cutFrom;
    private long cutTo;

    Links(long seed, Scenario scenario) {
        this.seed = seed;
        this.minLatency = EventQueue.seconds(scenario.minLatencyMs() / 1000.0);
        this.maxLatency = EventQueue.seconds(scenario.maxLatencyMs() / 1000.0);
        this.maxLoss = scenario.maxLoss();
        this.bandwidth = scenario.bandwidth();
    }

    /** Cuts {@code side} off from the other nodes from {@code from} to {@code to}. */
    void partition(boolean[] side, long from, long to) {
        this.cutOff = side;
        this.cutFrom = from;
        this.cutTo = to;
    }

    /** @return the one-way latency between {@code a} and {@code b}, in microseconds */
    long latency(int a, int b) {
        return minLatency + (long) (unit(a, b, 1) * (maxLatency - minLatency));
    }

    /** @return the probability that a message between {@code a} and {@code b} is lost */
    double loss(int a, int b) {
        return unit(a, b, 2) * maxLoss;
    }

    /** @return whether {@code a} can reach {@code b} at {@code now} (not across a partition) */
    boolean reachable(int a, int b, long now) {
        return cutOff == null || now < cutFrom || now >= cutTo || cutOff[a] == cutOff[b];
    }

    /** @return a number in [0, 1) that depends on the pair (in either order), the seed and {@code salt} only */
    private double unit(int a, int b, int salt) {
        long x = seed * 0x9E3779B97F4A7C15L + Math.min(a, b) * 0xBF58476D1CE4E5B9L + Math.max(a, b) * 0x94D049BB133111EBL
                + salt;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        x ^= x >>> 31;
        return (x >>> 11) * 0x1.0p-53;
    }
}
