package org.dump.federation;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The peers of this node. A peer's key is pinned when it is first added: a later answer from that address with
 * another key is refused and noted as the peer's error, and the peer keeps its first key until an administrator
 * removes it and adds it again.
 */
@ProviderType
public interface PeerDirectory {

    /**
     * Contacts the node at {@code url} ({@code GET /api/node}), checks that its id is the fingerprint of its key,
     * and keeps it as a peer.
     *
     * @return the peer as stored
     * @throws PeerRefusedException if it cannot be reached, does not answer as a DUMP node, is this node, is
     *                              already a peer under another address, or presents another key than pinned
     */
    Peer add(URI url);

    List<Peer> list();

    /** @return the peer with that node id, or at that address */
    Optional<Peer> find(String nodeIdOrUrl);

    /** @return whether a peer with that node id or address was removed */
    boolean remove(String nodeIdOrUrl);

    /** Contacts every peer once more and notes what it runs, or why it could not be reached. */
    void refresh();

    /** Adds to a peer's counts of records received from it and sent to it, and notes the outcome of the exchange. */
    void exchanged(String nodeId, long recordsIn, long recordsOut, String error);

    /** Counts {@code count} things {@code nodeId} sent that this node refused, and keeps {@code what} as its last error. */
    void misbehaved(String nodeId, long count, String what);

    /** Notes that an anti-entropy round with {@code nodeId} ran to its end. */
    void synced(String nodeId);
}
