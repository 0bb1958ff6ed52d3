package org.dump.federation.internal.reconcile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Fingerprints of sets of runs. Each run hashes to 128 bits (SHA-256 of its origin and bounds); a set's fingerprint is
 * SHA-256 of the sums of its runs' hashes (two 64-bit words, each modulo 2⁶⁴) and of its number of runs, cut to
 * {@link #SIZE} bytes. Sums make the fingerprint of a range a difference of prefix sums, and since runs are kept in
 * canonical form, two nodes that hold the same versions in a range compute the same fingerprint for it.
 */
final class Fingerprints {

    /** Bytes of a fingerprint on the wire. */
    static final int SIZE = 16;

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private Fingerprints() {
    }

    /** @return the two 64-bit words of the hash of {@code run} */
    static long[] of(Run run) {
        MessageDigest digest = digest();
        digest.update(run.origin().getBytes(StandardCharsets.UTF_8));
        digest.update(ByteBuffer.allocate(17).put((byte) 0).putLong(run.from()).putLong(run.to()).array());
        ByteBuffer hash = ByteBuffer.wrap(digest.digest());
        return new long[] {hash.getLong(), hash.getLong()};
    }

    /** @return the fingerprint of a set whose run hashes sum to {@code sumA}, {@code sumB}, of {@code runs} runs */
    static byte[] of(long sumA, long sumB, long runs) {
        MessageDigest digest = digest();
        digest.update(ByteBuffer.allocate(24).putLong(sumA).putLong(sumB).putLong(runs).array());
        return Arrays.copyOf(digest.digest(), SIZE);
    }

    private static MessageDigest digest() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the platform's SHA-256 can be cloned", e);
        }
    }
}
