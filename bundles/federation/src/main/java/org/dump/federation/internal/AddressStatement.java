package org.dump.federation.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.identity.NodeIdentity;

/**
 * A node's own word on where it is reached, signed with its key (protocol §13.9): {@code GET /api/node} carries it,
 * so that a peer that lost a node (its relay went away) can follow it to the address a third node names, and be sure
 * the node itself declared that address. Anyone can copy a front door, but nobody can sign a new address for it.
 *
 * @param address where the node is reached: its public base URL, or its address at a relay
 * @param issued  when the node began to be reached there (seconds)
 */
record AddressStatement(URI address, long issued, String signature) {

    /** @return {@code identity}'s statement that it is reached at {@code address} since {@code issued} */
    static AddressStatement of(NodeIdentity identity, URI address, Instant issued) {
        long seconds = issued.getEpochSecond();
        return new AddressStatement(address, seconds,
                Base64.getEncoder().encodeToString(identity.sign(bytes(identity.id(), address, seconds))));
    }

    /** @return whether this statement is {@code key}'s own, and names {@code url} (compared as base URLs) */
    boolean declares(Ed25519PublicKey key, URI url) {
        try {
            return PeerAddresses.baseOf(address).equals(PeerAddresses.baseOf(url))
                    && key.verify(bytes(key.fingerprint(), address, issued), Base64.getDecoder().decode(signature));
        } catch (RuntimeException e) {
            return false; // not base64, not an address: not a statement
        }
    }

    /** The signed bytes: a label, the node id, the address and the time, one a line. */
    static byte[] bytes(String nodeId, URI address, long issued) {
        return ("dump-address\n" + nodeId + "\n" + address + "\n" + issued).getBytes(StandardCharsets.UTF_8);
    }
}
