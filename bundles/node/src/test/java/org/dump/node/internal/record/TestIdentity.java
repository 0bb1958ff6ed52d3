package org.dump.node.internal.record;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.identity.NodeIdentity;

/** A node identity with a fresh key pair, held in memory. */
final class TestIdentity implements NodeIdentity {

    private final Ed25519KeyPair keys = Ed25519KeyPair.generate();

    @Override
    public String id() {
        return keys.publicKey().fingerprint();
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return keys.publicKey();
    }

    @Override
    public byte[] sign(byte[] message) {
        return keys.sign(message);
    }
}
