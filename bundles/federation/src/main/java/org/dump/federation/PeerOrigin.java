package org.dump.federation;

/**
 * How a peer became one, which decides whether the node may let it go by itself (issue 24): peers an administrator
 * chose stay until an administrator removes them; peers the node took by itself are moved back among the known nodes
 * when they stop answering, and replaced.
 */
public enum PeerOrigin {
    /**
     * Added by an administrator ({@code dump:peer-add}, the console, {@code seedPeers}, an approved request), or stored
     * before the node recorded origins: never dropped by the node
     */
    ADMIN,
    /** Taken from the known nodes by peer exchange */
    EXCHANGE,
    /** Taken because it asked, with a hello, while this node had room (acceptPeers = auto) */
    ASKED;

    /** @return whether only an administrator removes such a peer */
    public boolean pinned() {
        return this == ADMIN;
    }
}
