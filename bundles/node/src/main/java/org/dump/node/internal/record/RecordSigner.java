package org.dump.node.internal.record;

import java.util.Base64;
import java.util.List;

import org.dump.node.identity.NodeIdentity;
import org.dump.node.record.SignedRecord;

/**
 * Signs this node's record versions with the node key. Batches are signed on both cores: an Ed25519 signature
 * costs about 60 µs here, the largest part of a record write.
 */
final class RecordSigner {

    /** Below this many records, handing work to other threads costs more than it saves. */
    private static final int PARALLEL_FROM = 4;

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

    /** @return the records signed, in the same order */
    List<SignedRecord> sign(List<SignedRecord> unsigned) {
        if (unsigned.stream().filter(r -> r.signature() == null).count() < PARALLEL_FROM) {
            return unsigned.stream().map(this::sign).toList();
        }
        return unsigned.parallelStream().map(this::sign).toList();
    }
}
