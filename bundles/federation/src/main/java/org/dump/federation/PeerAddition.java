package org.dump.federation;

import java.util.Objects;

/**
 * A node taken as a peer, and whether it took this node in turn.
 *
 * @param peer      the peer as stored
 * @param mutuality what its answer to this node's hello says
 * @param note      why it did not take this node, or what else its answer said, for the administrator; null if
 *                  nothing
 */
public record PeerAddition(Peer peer, Mutuality mutuality, String note) {

    public PeerAddition {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(mutuality, "mutuality");
    }
}
