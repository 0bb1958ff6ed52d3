package org.dump.federation.internal;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.identity.NodeIdentity;

/** Node identities held in memory, for tests that play several nodes. */
final class TestIdentities {

    private TestIdentities() {
    }

    static NodeIdentity of(Ed25519KeyPair keys) {
        String id = keys.publicKey().fingerprint();
        return new NodeIdentity() {
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
        };
    }
}
