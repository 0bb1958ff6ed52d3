package org.dump.crypto.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * DUMP's signature rule (docs/protocol.md, "Which signatures are valid") written the slow, plain way: the point
 * arithmetic of RFC 8032 (section 5.1) on BigInteger, sharing no code with {@link EdwardsPoint}, Bouncy Castle or
 * the JDK. Tests take each case's expected verdict from here, and sign the odd signatures that only a key's holder
 * can make (with a small-order part in R, or R of small order) with it.
 */
final class Ed25519Reference {

    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P))
            .mod(P);
    private static final BigInteger SQRT_MINUS_ONE = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    static final Point IDENTITY = new Point(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);
    static final Point BASE;

    static {
        BigInteger y = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);
        BigInteger x = recoverX(y, 0, false);
        BASE = new Point(x, y, BigInteger.ONE, x.multiply(y).mod(P));
    }

    /** A point in extended coordinates (X : Y : Z : T). */
    record Point(BigInteger x, BigInteger y, BigInteger z, BigInteger t) {

        Point add(Point q) {
            BigInteger a = y.subtract(x).multiply(q.y.subtract(q.x)).mod(P);
            BigInteger b = y.add(x).multiply(q.y.add(q.x)).mod(P);
            BigInteger c = BigInteger.TWO.multiply(t).multiply(q.t).multiply(D).mod(P);
            BigInteger d = BigInteger.TWO.multiply(z).multiply(q.z).mod(P);
            BigInteger e = b.subtract(a);
            BigInteger f = d.subtract(c);
            BigInteger g = d.add(c);
            BigInteger h = b.add(a);
            return new Point(e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P));
        }

        Point negate() {
            return new Point(P.subtract(x).mod(P), y, z, P.subtract(t).mod(P));
        }

        Point times(BigInteger k) {
            Point result = IDENTITY;
            Point addend = this;
            for (BigInteger rest = k; rest.signum() > 0; rest = rest.shiftRight(1)) {
                if (rest.testBit(0)) {
                    result = result.add(addend);
                }
                addend = addend.add(addend);
            }
            return result;
        }

        boolean sameAs(Point q) {
            return x.multiply(q.z).subtract(q.x.multiply(z)).mod(P).signum() == 0
                    && y.multiply(q.z).subtract(q.y.multiply(z)).mod(P).signum() == 0;
        }

        /** @return the canonical 32-byte encoding */
        byte[] encode() {
            BigInteger zInverse = z.modInverse(P);
            BigInteger affineX = x.multiply(zInverse).mod(P);
            BigInteger affineY = y.multiply(zInverse).mod(P);
            return encoding(affineY, affineX.testBit(0) ? 1 : 0);
        }

        BigInteger affineX() {
            return x.multiply(z.modInverse(P)).mod(P);
        }

        BigInteger affineY() {
            return y.multiply(z.modInverse(P)).mod(P);
        }
    }

    private Ed25519Reference() {
    }

    /** @return the 32 bytes of y (any value below 2^255) with the sign bit */
    static byte[] encoding(BigInteger y, int sign) {
        byte[] bytes = littleEndian(y, 32);
        bytes[31] |= (byte) (sign << 7);
        return bytes;
    }

    /**
     * @param zip215 whether to read as ZIP-215 does (y of p or more taken mod p, the sign bit set for x = 0
     *               accepted) or as RFC 8032 does (both refused)
     * @return the point, or null if there is none
     */
    static Point decode(byte[] encoded, boolean zip215) {
        byte[] copy = encoded.clone();
        int sign = (copy[31] >> 7) & 1;
        copy[31] &= 0x7F;
        BigInteger y = fromLittleEndian(copy);
        if (y.compareTo(P) >= 0) {
            if (!zip215) {
                return null;
            }
            y = y.subtract(P);
        }
        BigInteger x = recoverX(y, sign, zip215);
        return x == null ? null : new Point(x, y, BigInteger.ONE, x.multiply(y).mod(P));
    }

    private static BigInteger recoverX(BigInteger y, int sign, boolean zip215) {
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger x2 = y2.subtract(BigInteger.ONE).multiply(D.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
        if (x2.signum() == 0) {
            return sign == 1 && !zip215 ? null : BigInteger.ZERO;
        }
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (x.multiply(x).subtract(x2).mod(P).signum() != 0) {
            x = x.multiply(SQRT_MINUS_ONE).mod(P);
        }
        if (x.multiply(x).subtract(x2).mod(P).signum() != 0) {
            return null;
        }
        return x.testBit(0) == (sign == 1) ? x : P.subtract(x);
    }

    /** @return whether DUMP takes these bytes as a key: canonical, a point, of prime order L (so not the identity) */
    static boolean validKey(byte[] key) {
        Point a = key.length == 32 ? decode(key, false) : null;
        return a != null && !a.sameAs(IDENTITY) && a.times(L).sameAs(IDENTITY);
    }

    /** @return the rule's verdict: a valid key, s &lt; L, R a point (ZIP-215), [8]([s]B − R − [k]A) = 0 */
    static boolean valid(byte[] key, byte[] message, byte[] signature) {
        return validKey(key) && cofactoredEquation(key, message, signature);
    }

    /** @return ZIP-215's verdict, which leaves the key alone but for reading it as a point (any encoding) */
    static boolean cofactoredEquation(byte[] key, byte[] message, byte[] signature) {
        if (signature.length != 64 || key.length != 32) {
            return false;
        }
        BigInteger s = fromLittleEndian(java.util.Arrays.copyOfRange(signature, 32, 64));
        Point r = decode(java.util.Arrays.copyOf(signature, 32), true);
        Point a = decode(key, true);
        if (s.compareTo(L) >= 0 || r == null || a == null) {
            return false;
        }
        BigInteger k = challenge(java.util.Arrays.copyOf(signature, 32), key, message);
        Point difference = BASE.times(s).add(r.negate()).add(a.times(k).negate());
        return difference.times(BigInteger.valueOf(8)).sameAs(IDENTITY);
    }

    /** @return whether R, as ZIP-215 reads it, has no small-order part: what a cofactorless check needs of it */
    static boolean torsionFree(byte[] encoded) {
        Point point = decode(encoded, true);
        return point != null && point.times(L).sameAs(IDENTITY);
    }

    /** @return k = SHA-512(R ‖ A ‖ M) mod L */
    static BigInteger challenge(byte[] r, byte[] key, byte[] message) {
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            sha512.update(r);
            sha512.update(key);
            sha512.update(message);
            return fromLittleEndian(sha512.digest()).mod(L);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs as the holder of secret scalar {@code a} can, with R = [r]B + {@code torsion}, canonically encoded.
     *
     * @return R ‖ s with s = r + k·a mod L
     */
    static byte[] sign(BigInteger a, BigInteger r, Point torsion, byte[] message) {
        return sign(a, BASE.times(a).encode(), r, BASE.times(r).add(torsion).encode(), message);
    }

    /**
     * Signs as the holder of secret scalar {@code a} (public key {@code key}) can with any R it likes, written as
     * {@code rEncoding} (canonical or not), when it knows r with R = [r]B + T, T of small order.
     *
     * @return R ‖ s with s = r + k·a mod L
     */
    static byte[] sign(BigInteger a, byte[] key, BigInteger r, byte[] rEncoding, byte[] message) {
        BigInteger s = r.add(challenge(rEncoding, key, message).multiply(a)).mod(L);
        byte[] signature = new byte[64];
        System.arraycopy(rEncoding, 0, signature, 0, 32);
        System.arraycopy(littleEndian(s, 32), 0, signature, 32, 32);
        return signature;
    }

    static BigInteger fromLittleEndian(byte[] bytes) {
        byte[] bigEndian = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[bytes.length - 1 - i] = bytes[i];
        }
        return new BigInteger(1, bigEndian);
    }

    static byte[] littleEndian(BigInteger value, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = value.shiftRight(8 * i).byteValue();
        }
        return bytes;
    }
}
