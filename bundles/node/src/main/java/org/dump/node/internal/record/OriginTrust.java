package org.dump.node.internal.record;

import java.util.Optional;
import java.util.function.Function;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.record.SignedRecord;

/** Whose key a record is checked against: this node's own for its records, else as federation knows the origin. */
final class OriginTrust {

    private final NodeIdentity identity;

    OriginTrust(NodeIdentity identity) {
        this.identity = identity;
    }

    /** @return the key of {@code origin}: this node's own, or as {@code others} know it */
    Optional<Ed25519PublicKey> keyOf(String origin, Function<String, Optional<Ed25519PublicKey>> others) {
        return origin.equals(identity.id()) ? Optional.of(identity.publicKey()) : others.apply(origin);
    }

    /** @return why {@code record} does not verify against its origin's key, or empty if it does */
    static Optional<String> signatureProblem(SignedRecord record, Function<String, Optional<Ed25519PublicKey>> keys,
            boolean signed) {
        if (keys.apply(record.origin()).isEmpty()) {
            return Optional.of("the key of origin " + record.origin() + " is not known to this node");
        }
        if (!signed) {
            return Optional.of("the signature does not match the record's content and origin");
        }
        return Optional.empty();
    }
}
