package org.dump.federation.internal;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerRefusedException;

/**
 * Follows a peer that moved while this node could not hear it say so (protocol §13.9): when both sit behind NAT and
 * their shared relay goes away, neither can reach the other to say hello from its new relay. A third node then names
 * the new address in peer exchange; this node moves its peer there if the peer no longer answers where it was, and
 * the front door at the new address carries the peer's own signed word ({@link AddressStatement}) that it is reached
 * there. A copy of the front door is not enough: nobody else can sign a new address for it.
 */
final class PeerMoves {

    /** One front door read per peer and minute, whatever introductions say. */
    static final long AGAIN_MILLIS = 60_000;

    private final JpaPeerDirectory directory;
    private final PeerView view;
    private final LongSupplier millis;
    private final Map<String, Long> lastTried = new ConcurrentHashMap<>();

    PeerMoves(JpaPeerDirectory directory, PeerView view, LongSupplier millis) {
        this.directory = directory;
        this.view = view;
        this.millis = millis;
    }

    /**
     * @param introduced where another node says {@code peer} is reached
     * @return whether {@code peer} moved there
     */
    boolean follow(Peer peer, URI introduced) {
        URI there;
        try {
            there = PeerAddresses.baseOf(introduced);
        } catch (PeerRefusedException e) {
            return false;
        }
        if (there.equals(peer.url()) || view.answering(PeerContacts.key(peer.url()))) {
            return false; // where it was, or still answering there: nothing to follow
        }
        long now = millis.getAsLong();
        Long last = lastTried.get(peer.nodeId());
        if (last != null && now - last < AGAIN_MILLIS) {
            return false;
        }
        lastTried.put(peer.nodeId(), now);
        try {
            NodeCard card = directory.card(there);
            Ed25519PublicKey pinned = Ed25519PublicKey.fromBase64(peer.publicKey());
            if (!card.id().equals(peer.nodeId()) || card.address() == null
                    || !card.address().declares(pinned, there)) {
                return false;
            }
            directory.moveAsItSays(peer.nodeId(), there);
            return true;
        } catch (PeerRefusedException e) {
            return false;
        }
    }
}
