package org.dump.node.record;

import java.util.Optional;

import org.dump.crypto.Ed25519PublicKey;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The keys of the nodes whose records this node holds, as federation learned them (from peers, and from the
 * records of far origins, each key checked against its origin id). {@link RecordVerification} uses it to check
 * records of other origins; without it, only this node's own records can be checked.
 */
@ConsumerType
public interface OriginKeyDirectory {

    /** @return the key of node {@code origin}, if this node knows it */
    Optional<Ed25519PublicKey> keyOf(String origin);
}
