package org.dump.itests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Nodes of the market, each in a namespace of a {@link NodeNetwork}, set up as an administrator of each would: an
 * account for its seller ({@link Sellers#seller}), {@code dump:module-install market}, and {@code dump:peer-add} of
 * one seed. The seeds make a tree (node i takes node (i-1)/2), so no node starts with more than three peers; what
 * else the graph holds, the peer exchange made.
 */
public final class MarketNetwork {

    /** How many nodes start and are set up at once: each boots a JVM, and its bin/client another. */
    private static final int ADMINISTRATORS = 3;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<NodeNetwork.Host> hosts = new ArrayList<>();
    private final Map<String, String> namesById = new HashMap<>();

    /**
     * Starts {@code count} nodes named N1, N2… in namespaces PREFIX-n1, PREFIX-n2… and sets each up, waiting as
     * long as {@code patience} for each to answer (longer than a node alone takes, on a machine that others share).
     */
    public MarketNetwork(NodeDistribution distribution, NodeNetwork network, int count, Duration patience)
            throws Exception {
        NodeSteps steps = new NodeSteps(distribution);
        for (int i = 1; i <= count; i++) {
            hosts.add(network.host("n" + i));
        }
        ExecutorService administrators = Executors.newFixedThreadPool(ADMINISTRATORS);
        try {
            List<Future<NodeProcess>> done = new ArrayList<>();
            for (NodeNetwork.Host host : hosts) {
                String name = "N" + (done.size() + 1);
                done.add(administrators.submit(() -> {
                    // Started by the administrator who sets it up: twelve JVMs booting at once on two cores take
                    // longer than a node may take to answer.
                    NodeProcess node = distribution.startAt(name, host.address(), host.launcher());
                    node.awaitUp(patience);
                    steps.createUser(node, Sellers.seller(node), node.name() + " seller", node.name() + "@example.org");
                    steps.installMarket(node, Sellers.seller(node));
                    return node;
                }));
            }
            for (Future<NodeProcess> each : done) {
                nodes.add(each.get());
            }
        } finally {
            administrators.shutdown();
        }
        for (int i = 1; i < count; i++) {
            steps.makePeers(nodes.get(i), nodes.get((i - 1) / 2));
        }
        for (NodeProcess node : nodes) {
            namesById.put(node.id(), node.name());
        }
    }

    /** @return the nodes, N1 first */
    public List<NodeProcess> nodes() {
        return nodes;
    }

    /** @return the namespace of each node, in the order of {@link #nodes} */
    public List<NodeNetwork.Host> hosts() {
        return hosts;
    }

    /** @return node names by node id */
    public Map<String, String> namesById() {
        return namesById;
    }
}
