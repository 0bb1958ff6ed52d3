package org.dump.federation;

import java.net.URI;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Peering as a conversation between two nodes: a node that takes another as its peer asks it to take it in turn
 * (its hello, {@code POST /federation/hello}), since a peer accepts only what its own peers send. A node that
 * approves peers by hand (configuration {@code org.dump.federation acceptPeers = manual}) keeps such hellos as
 * requests for its administrator.
 */
@ProviderType
public interface Peering {

    /**
     * Takes the node at {@code url} as a peer as {@link PeerDirectory#add} does (front door checked, key pinned), and
     * asks it to take this node in turn. A node that does not is kept as a peer all the same; this node asks it again
     * now and then.
     *
     * @return the peer and its answer
     * @throws PeerRefusedException as {@link PeerDirectory#add}
     */
    PeerAddition add(URI url);

    /** @return the requests of nodes that asked to be taken as peers, pending or refused, the latest first */
    List<PeerRequest> requests();

    /**
     * Takes the node of a request as a peer: its front door is read again and must present the key that signed
     * its hello, which is pinned.
     *
     * @param nodeIdOrUrl the request's node id or address
     * @throws IllegalArgumentException if there is no such request
     * @throws PeerRefusedException     if the node cannot be taken (as {@link PeerDirectory#add}, or another key)
     */
    PeerAddition approve(String nodeIdOrUrl);

    /**
     * Refuses a request: the node's hellos are answered "refused" from now on, until an administrator approves it
     * or adds it as a peer.
     *
     * @param nodeIdOrUrl the request's node id or address
     * @return the request as refused
     * @throws IllegalArgumentException if there is no such request
     */
    PeerRequest refuse(String nodeIdOrUrl);
}
