package org.dump.node.testing;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.crypto.SealedBox;
import org.dump.crypto.SealedBoxException;
import org.dump.node.identity.NodeIdentity;

/**
 * A node identity held in memory, for tests and benchmarks that play one or several nodes without a data
 * directory (the node itself keeps its key in a file: NodeKeyStore).
 */
public final class TestNodeIdentity implements NodeIdentity {

    private final Ed25519KeyPair keys;
    private final String id;

    /** A node with a fresh key pair. */
    public TestNodeIdentity() {
        this(Ed25519KeyPair.generate());
    }

    public TestNodeIdentity(Ed25519KeyPair keys) {
        this.keys = keys;
        this.id = keys.publicKey().fingerprint();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return keys.publicKey();
    }

    @Override
    public byte[] sign(byte[] message) {
        return keys.sign(message);
    }

    @Override
    public byte[] open(String purpose, byte[] sealed, byte[] aad) throws SealedBoxException {
        return SealedBox.open(keys, purpose, sealed, aad);
    }
}
