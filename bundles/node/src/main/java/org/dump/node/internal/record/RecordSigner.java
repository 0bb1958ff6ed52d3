package org.dump.node.internal.record;

import java.util.Base64;

import org.dump.node.identity.NodeIdentity;
import org.dump.node.record.SignedRecord;

/**
 * Signs this node's record versions with the node key. Only {@link LocalRecordWrites} signs, on the caller's
 * thread, for every version this node writes (created, changed, deleted): an Ed25519 signature costs about 60 µs
 * here, the largest part of a record write, and the writer's single thread never spends it.
 */
final class RecordSigner {

    private final NodeIdentity identity;

    RecordSigner(NodeIdentity identity) {
        this.identity = identity;
    }

    /** @return {@code unsigned} signed; a record that already carries a signature is returned as it is */
    SignedRecord sign(SignedRecord unsigned) {
        if (unsigned.signature() != null) {
            return unsigned;
        }
        return unsigned.withSignature(Base64.getEncoder().encodeToString(identity.sign(unsigned.signedBytes())));
    }
}
