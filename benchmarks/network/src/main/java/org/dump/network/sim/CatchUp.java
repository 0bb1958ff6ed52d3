package org.dump.network.sim;

/** How a node finds out and fetches what a peer has and it lacks, in one anti-entropy exchange for the module. */
interface CatchUp {

    /** Catches {@code node} up with {@code peer}: the exchange happens now, what it brings arrives later. */
    void with(Network network, SimNode node, SimNode peer);
}
