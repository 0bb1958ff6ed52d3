package org.dump.network.sim;

import java.time.Instant;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Which peers anti-entropy talks to in a round, for the module. Today's protocol catches up with every peer; the new
 * one with one, by the federation's own {@code SyncPartners.round} (weighted towards the peer synced longest ago, and
 * another, up to three, if it does not answer), which each node holds ({@link SimNode#partners}) as the node does.
 */
interface PartnerPolicy {

    String MODULE = "market";

    /**
     * @param eligible the node's peers that run the module, in the order it took them
     * @param catchUp  a catch-up with a peer, by index: whether it answered (not offline, cut off or lost)
     */
    void round(Network network, SimNode node, List<Integer> eligible, IntPredicate catchUp);

    /** Today's rule: every peer, every round. */
    PartnerPolicy EVERY_PEER = (network, node, eligible, catchUp) -> eligible.forEach(catchUp::test);

    /** The node's rule, by its own class. A peer that does not answer is known at once here, not after a timeout. */
    PartnerPolicy WEIGHTED = (network, node, eligible, catchUp) -> node.partners.round(MODULE,
            eligible.stream().map(peer -> network.nodes[peer].id).toList(), instant(network),
            id -> eligible.stream().filter(peer -> network.nodes[peer].id.equals(id)).findFirst()
                    .map(catchUp::test).orElse(false));

    /** @return the simulated time as an instant (microseconds since the start, from the epoch) */
    static Instant instant(Network network) {
        long micros = network.now();
        return Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000);
    }
}
