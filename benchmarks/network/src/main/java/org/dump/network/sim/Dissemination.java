package org.dump.network.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * How a node passes on a version it stored: flooded to every peer ({@link Flood}, the node before issue 24), or
 * along a per-origin gossip tree ({@link Gossip}, issue 24).
 */
interface Dissemination {

    /**
     * {@code node} took a version of {@code origin} numbered {@code seq} from {@code from} (null: it wrote it).
     *
     * @param fresh  whether it stored it (it had not seen the number)
     * @param pushed whether it came by a push or a graft, not by anti-entropy
     */
    default void took(SimNode node, SimNode from, String origin, int seq, boolean fresh, boolean pushed) {
    }

    /** {@code node} stored {@code version}, which travelled {@code hops} hops and came from {@code from} (or null). */
    void forward(SimNode node, int version, SimNode from, int hops);

    /** @return the peers of {@code node} not paused for not answering a push, in its order */
    static List<SimNode> present(Network network, SimNode node) {
        long now = network.now();
        List<SimNode> present = new ArrayList<>(node.peers.size());
        for (int peer : node.peers) {
            if (node.pausedUntil.getOrDefault(peer, 0L) <= now) {
                present.add(network.nodes[peer]);
            }
        }
        return present;
    }

    static Dissemination of(Network network) {
        return network.protocol.tree() ? new Gossip(network) : new Flood(network);
    }
}
