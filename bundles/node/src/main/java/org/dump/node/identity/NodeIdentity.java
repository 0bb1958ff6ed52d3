package org.dump.node.identity;

import org.dump.crypto.Ed25519PublicKey;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Who this node is to other nodes. The key pair is made on the node's first start and kept in its data
 * directory; the id is the fingerprint of the public key, so it stays the same as long as that file does.
 */
@ProviderType
public interface NodeIdentity {

    /** The node id: {@link Ed25519PublicKey#fingerprint()} of {@link #publicKey()}. */
    String id();

    Ed25519PublicKey publicKey();

    /** @return the node's Ed25519 signature of {@code message} */
    byte[] sign(byte[] message);
}
