package org.dump.crypto.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one rule every Ed25519 signature in DUMP is held to (docs/protocol.md, "Which signatures are valid"): ZIP-215's,
 * for keys that are valid points of prime order. A signature (R, s) of message M by key A is valid if and only if
 * s &lt; L, the 32 bytes of R decode to a curve point (a y of p or more, taken mod p, and a sign bit set for x = 0
 * are accepted), and [8]([s]B − R − [k]A) = 0 with k = SHA-512(R ‖ A ‖ M) mod L over the bytes as given. The
 * cofactored equation is the one a batch ({@link Ed25519Batch}) can check, so one signature and any batch holding it
 * get the same verdict; the key itself was checked when it was accepted ({@code Ed25519PublicKey}).
 *
 * <p>Bouncy Castle's single check gives this rule's verdict whenever R is canonically encoded (the differential
 * tests hold it to that), and it is faster: {@code Ed25519PublicKey#verify} hands it those; the others, which only
 * the holder of the key can make and only on purpose, are checked here.
 */
public final class Ed25519Rule {

    private Ed25519Rule() {
    }

    /**
     * @return whether Bouncy Castle's single check gives the rule's verdict for this signature (64 bytes): whether
     *         its R is canonically encoded, which Bouncy Castle requires and the rule does not
     */
    public static boolean bouncyCastleDecides(byte[] signature) {
        return EdwardsPoint.isCanonical(signature, 0);
    }

    /** @return the rule's verdict worked out on this package's own point arithmetic, for any R (64-byte signature) */
    public static boolean cofactored(byte[] key, byte[] message, byte[] signature) {
        BigInteger s = Scalars.littleEndian(signature, 32, 32);
        if (s.compareTo(Scalars.L) >= 0) {
            return false;
        }
        EdwardsPoint r = EdwardsPoint.decodeAnyEncoding(signature, 0);
        EdwardsPoint a = EdwardsPoint.decodeAnyEncoding(key, 0);
        if (r == null || a == null) {
            return false;
        }
        BigInteger k = Scalars.littleEndian(sha512(signature, key, message)).mod(Scalars.L);
        EdwardsPoint.Adder adder = new EdwardsPoint.Adder();
        EdwardsPoint sum = EdwardsPoint.BASE.multiply(s);
        adder.add(sum, a.negate().multiply(k), sum);
        adder.add(sum, r.negate(), sum);
        for (int i = 0; i < 3; i++) {
            adder.add(sum, sum, sum);
        }
        return sum.isIdentity();
    }

    static byte[] sha512(byte[] signature, byte[] key, byte[] message) {
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every Java platform", e);
        }
        sha512.update(signature, 0, 32);
        sha512.update(key);
        sha512.update(message);
        return sha512.digest();
    }
}
