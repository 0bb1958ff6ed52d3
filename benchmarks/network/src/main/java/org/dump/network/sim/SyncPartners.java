package org.dump.network.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Which peers anti-entropy talks to in a round, for one module. Today a node catches up with every peer; the new
 * design talks to one. {@code SyncPartners} of the federation (one peer per round, weighted towards the peer synced
 * longest ago; another branch) plugs in here as a third: {@link SimNode#lastSynced} holds what it weighs.
 */
interface SyncPartners {

    /** @param eligible the node's peers that run the module, in the order it took them */
    List<Integer> choose(SimNode node, List<Integer> eligible, long now, SplittableRandom random);

    /** Today's rule: every peer, every round. */
    SyncPartners EVERY_PEER = (node, eligible, now, random) -> eligible;

    /** One peer per round, each as likely. */
    SyncPartners ONE_AT_RANDOM = (node, eligible, now, random) ->
            eligible.isEmpty() ? List.of() : List.of(eligible.get(random.nextInt(eligible.size())));
}
