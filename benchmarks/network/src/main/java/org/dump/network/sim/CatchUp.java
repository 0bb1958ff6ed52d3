package org.dump.network.sim;

/** How a node finds out and fetches what a peer has and it lacks, in one anti-entropy exchange for the module. */
interface CatchUp {

    /**
     * Catches {@code node} up with {@code peer}: the exchange happens now, what it brings arrives later.
     *
     * @return whether the peer answered (false: a message of the exchange was lost)
     */
    boolean with(Network network, SimNode node, SimNode peer);

    /**
     * Counts the bytes of {@code trips} request/answer pairs both ways.
     *
     * @return how long they take over the link, or -1 if a message of them was lost
     */
    static long roundTrips(Network network, SimNode node, SimNode peer, long sent, long received, int trips) {
        network.traffic.sent(node, peer.index, sent, Traffic.Kind.CATCH_UP, network.windowNow(), network.now());
        network.traffic.sent(peer, node.index, received, Traffic.Kind.CATCH_UP, network.windowNow(), network.now());
        if (network.lost(node, peer, 2 * trips)) {
            return -1;
        }
        return trips * 2 * network.links.latency(node.index, peer.index)
                + (sent + received) * 1_000_000 / network.links.bandwidth;
    }
}
