package org.dump.crypto;

import java.util.ArrayList;
import java.util.List;

import org.dump.crypto.internal.Ed25519Batch;

/**
 * Many Ed25519 signatures checked in one go, at about a quarter of the cost of checking each with
 * {@link Ed25519PublicKey#verify}: how a node takes in thousands of records signed by one origin. The answer is
 * for the whole batch; when it is no, check the signatures one by one to learn which fail.
 *
 * <p>The batch checks the cofactored equation of RFC 8032 (section 5.1.7) with random weights: a batch with an
 * invalid signature passes with probability 2^-128. Each signature gets the verdict of the one rule that
 * {@link Ed25519PublicKey#verify} gives too (docs/protocol.md, section 2.2: ZIP-215's), in a batch of any size.
 * Cheapest with few distinct keys: each costs one full scalar multiplication per batch.
 */
public final class SignatureBatch {

    private final List<Ed25519Batch.Item> items = new ArrayList<>();

    /**
     * Adds a signature to check.
     *
     * @return this batch
     */
    public SignatureBatch add(Ed25519PublicKey key, byte[] message, byte[] signature) {
        items.add(new Ed25519Batch.Item(key.rawShared(), message, signature));
        return this;
    }

    /** @return how many signatures were added */
    public int size() {
        return items.size();
    }

    /**
     * @return true if every signature added is its key's signature of its message (true for an empty batch), false
     *         if any is not or is malformed
     */
    public boolean allValid() {
        return Ed25519Batch.allValid(items);
    }
}
