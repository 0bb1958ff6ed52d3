package org.dump.network.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * How well the peer graph holds together (issue 24): every {@link #EVERY} seconds of the busy period, the share of the
 * online nodes that run the module that are in the largest connected component of the graph of their peerings with
 * each other (records travel only between nodes of the module, and only between online ones), and the peers per
 * online module node, all and online.
 */
final class ViewSamples {

    static final double EVERY = 10;

    /** One sample: the largest component's share, and the mean peers and online peers per online module node. */
    record Sample(double largestShare, double peers, double onlinePeers) {
    }

    private final List<Sample> samples = new ArrayList<>();

    /** Takes a sample of {@code network} now. */
    void sample(Network network) {
        SimNode[] nodes = network.nodes;
        boolean[] seen = new boolean[nodes.length];
        int online = 0;
        int largest = 0;
        long peers = 0;
        long onlinePeers = 0;
        for (SimNode node : nodes) {
            if (!counted(node)) {
                continue;
            }
            online++;
            peers += node.peers.size();
            onlinePeers += node.peers.stream().filter(p -> counted(nodes[p])).count();
            if (!seen[node.index]) {
                largest = Math.max(largest, component(nodes, node, seen));
            }
        }
        if (online > 0) {
            samples.add(new Sample((double) largest / online, (double) peers / online, (double) onlinePeers / online));
        }
    }

    private static boolean counted(SimNode node) {
        return node.online && node.runsModule;
    }

    /** @return the size of the component of {@code start}, marked in {@code seen} (peerings are symmetric here) */
    private static int component(SimNode[] nodes, SimNode start, boolean[] seen) {
        ArrayDeque<SimNode> next = new ArrayDeque<>();
        next.add(start);
        seen[start.index] = true;
        int size = 0;
        while (!next.isEmpty()) {
            SimNode node = next.poll();
            size++;
            for (int peer : node.peers) {
                if (!seen[peer] && counted(nodes[peer])) {
                    seen[peer] = true;
                    next.add(nodes[peer]);
                }
            }
        }
        return size;
    }

    List<Sample> all() {
        return List.copyOf(samples);
    }

    /** @return the median of the largest component's share over the samples (NaN without samples) */
    double medianLargest() {
        double[] shares = samples.stream().mapToDouble(Sample::largestShare).sorted().toArray();
        return shares.length == 0 ? Double.NaN : shares[(shares.length - 1) / 2];
    }

    double minLargest() {
        return samples.stream().mapToDouble(Sample::largestShare).min().orElse(Double.NaN);
    }

    double meanPeers() {
        return samples.stream().mapToDouble(Sample::peers).average().orElse(Double.NaN);
    }

    double meanOnlinePeers() {
        return samples.stream().mapToDouble(Sample::onlinePeers).average().orElse(Double.NaN);
    }
}
