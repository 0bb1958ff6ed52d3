package org.dump.node.identity;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.crypto.SealedBox;
import org.dump.crypto.SealedBoxException;
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

    /**
     * Opens what another node sealed to this node's key ({@link SealedBox#seal}), e.g. a profile that only this
     * node may read, whoever carried it here. The private key never leaves the identity; this is the only way to
     * use it for anything but signing.
     *
     * @param purpose the purpose it was sealed for
     * @param aad     the context it was sealed in, exactly as the sender bound it
     * @throws SealedBoxException if the bytes are too short or do not open with this node's key, purpose and aad
     */
    byte[] open(String purpose, byte[] sealed, byte[] aad) throws SealedBoxException;
}
