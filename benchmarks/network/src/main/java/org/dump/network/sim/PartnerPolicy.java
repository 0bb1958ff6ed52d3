package org.dump.network.sim;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which peers anti-entropy talks to in a round, for the module. Today's protocol catches up with every peer; the new
 * one with one, picked by the federation's own {@code SyncPartners} (weighted towards the peer synced longest ago),
 * which each node holds ({@link SimNode#partners}) and which hears how each catch-up ended, as in the node.
 */
interface PartnerPolicy {

    String MODULE = "market";

    /** @param eligible the node's peers that run the module, in the order it took them */
    List<Integer> choose(Network network, SimNode node, List<Integer> eligible);

    /** Hears how a catch-up with {@code partner} ended: answered, or not (offline, cut off, a message lost). */
    default void ended(Network network, SimNode node, int partner, boolean answered) {
    }

    /** Today's rule: every peer, every round. */
    PartnerPolicy EVERY_PEER = (network, node, eligible) -> eligible;

    /** The node's rule: one peer per round, by the federation's {@code SyncPartners}. */
    PartnerPolicy WEIGHTED = new PartnerPolicy() {

        @Override
        public List<Integer> choose(Network network, SimNode node, List<Integer> eligible) {
            Optional<String> picked = node.partners.pick(MODULE,
                    eligible.stream().map(peer -> network.nodes[peer].id).toList(), instant(network));
            return picked.flatMap(id -> eligible.stream().filter(peer -> network.nodes[peer].id.equals(id))
                    .findFirst()).map(List::of).orElse(List.of());
        }

        @Override
        public void ended(Network network, SimNode node, int partner, boolean answered) {
            if (answered) {
                node.partners.synced(MODULE, network.nodes[partner].id, instant(network));
            } else {
                node.partners.failed(MODULE, network.nodes[partner].id);
            }
        }
    };

    /** @return the simulated time as an instant (microseconds since the start, from the epoch) */
    static Instant instant(Network network) {
        long micros = network.now();
        return Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000);
    }
}
