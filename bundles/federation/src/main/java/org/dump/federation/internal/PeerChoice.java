package org.dump.federation.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Whom peer exchange takes as peers, and whom a node takes when asked: while a node has fewer than {@code autoPeers}
 * peers it takes known nodes that run one of its modules, newest introduced first; it takes a node that asks while it
 * has fewer than {@code maxPeers}. A plain decision with no store or transport in it, so that {@link PeerExchange} and
 * the network simulator in {@code benchmarks/network} form peer graphs by the very same rule.
 *
 * @param autoPeers the peers a node wants (0: an administrator adds them all)
 * @param maxPeers  the most peers a node takes on request
 */
public record PeerChoice(int autoPeers, int maxPeers) {

    /** @return how many known nodes a node with {@code peers} peers should take now */
    public int wanted(int peers) {
        return Math.max(0, autoPeers - peers);
    }

    /** @return whether a node with {@code peers} peers takes one more that asks */
    public boolean takes(int peers) {
        return peers < maxPeers;
    }

    /**
     * @param newestFirst known nodes not tried lately, newest introduced first
     * @param nodeId      a known node's id
     * @param modules     the modules a known node ran, as {@code id@dataVersion}
     * @param peers       the node ids of this node's peers, never candidates
     * @param running     the module ids this node runs
     * @return the candidates to try, in the order to try them
     */
    public static <K> List<K> candidates(List<K> newestFirst, Function<K, String> nodeId,
            Function<K, ? extends Collection<String>> modules, Set<String> peers, Set<String> running) {
        List<K> candidates = new ArrayList<>();
        for (K known : newestFirst) {
            if (!peers.contains(nodeId.apply(known))
                    && modules.apply(known).stream().anyMatch(m -> running.contains(m.split("@")[0]))) {
                candidates.add(known);
            }
        }
        return candidates;
    }
}
