package org.dump.crypto.internal;

import java.math.BigInteger;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point of the Ed25519 curve (−x² + y² = 1 + d·x²·y²) in extended coordinates (X : Y : Z : T, x = X/Z, y = Y/Z,
 * x·y = T/Z), on Bouncy Castle's field arithmetic. Bouncy Castle verifies one signature at a time and keeps its
 * point arithmetic private; checking many signatures in one equation ({@link Ed25519Batch}) needs additions of
 * arbitrary points, which is all this class offers. Not constant time: it only ever handles public values.
 */
final class EdwardsPoint {

    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger D_VALUE = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final int[] D2 = field(D_VALUE.shiftLeft(1).mod(P));
    private static final int[] D = field(D_VALUE);
    /** The base point B of RFC 8032, section 5.1. */
    static final EdwardsPoint BASE = decode(encodedBase(), 0);

    final int[] x = X25519Field.create();
    final int[] y = X25519Field.create();
    final int[] z = X25519Field.create();
    final int[] t = X25519Field.create();

    /** @return the neutral element (0 : 1 : 1 : 0) */
    static EdwardsPoint identity() {
        EdwardsPoint point = new EdwardsPoint();
        X25519Field.one(point.y);
        X25519Field.one(point.z);
        return point;
    }

    /**
     * Decodes a point as RFC 8032 (section 5.1.3) encodes it, refusing a y that is not below p, a y with no x on
     * the curve, and the sign bit set for x = 0: the same encodings Bouncy Castle refuses. Keys are read so.
     *
     * @return the point, or null if {@code encoded} holds no valid encoding at {@code offset}
     */
    static EdwardsPoint decode(byte[] encoded, int offset) {
        return decode(encoded, offset, true);
    }

    /**
     * Decodes a point as ZIP-215 reads the R of a signature: also from a y of p or more (taken mod p) and from the
     * sign bit set for x = 0 (x stays 0). Only a y with no x on the curve is refused.
     *
     * @return the point, or null if {@code encoded} holds no point at {@code offset}
     */
    static EdwardsPoint decodeAnyEncoding(byte[] encoded, int offset) {
        return decode(encoded, offset, false);
    }

    /**
     * @return whether the 32 bytes at {@code offset} are the one encoding RFC 8032 gives their point, if they encode
     *         one: y below p, and no sign bit for x = 0 (y = 1 or p − 1). Byte by byte: this runs for every signature.
     */
    static boolean isCanonical(byte[] encoded, int offset) {
        int top = encoded[offset + 31] & 0x7F;
        boolean sign = (encoded[offset + 31] & 0x80) != 0;
        boolean middleAllOnes = true;
        boolean middleAllZero = true;
        for (int i = 1; i < 31; i++) {
            middleAllOnes &= encoded[offset + i] == (byte) 0xFF;
            middleAllZero &= encoded[offset + i] == 0;
        }
        int low = encoded[offset] & 0xFF;
        // p = 2^255 − 19: top byte 0x7F, bytes 1..30 all 0xFF, low byte 0xED; p − 1 ends in 0xEC.
        boolean highest = top == 0x7F && middleAllOnes;
        if (highest && low >= 0xED) {
            return false; // y ≥ p
        }
        boolean yIsOne = top == 0 && middleAllZero && low == 1;
        boolean yIsPMinusOne = highest && low == 0xEC;
        return !(sign && (yIsOne || yIsPMinusOne));
    }

    private static EdwardsPoint decode(byte[] encoded, int offset, boolean canonicalOnly) {
        byte[] yBytes = new byte[32];
        System.arraycopy(encoded, offset, yBytes, 0, 32);
        int sign = (yBytes[31] & 0x80) >>> 7;
        yBytes[31] &= 0x7F;
        BigInteger yValue = Scalars.littleEndian(yBytes);
        if (yValue.compareTo(P) >= 0) {
            if (canonicalOnly) {
                return null;
            }
            yBytes = Scalars.toLittleEndian(yValue.subtract(P), 32);
        }
        EdwardsPoint point = new EdwardsPoint();
        X25519Field.decode(yBytes, 0, point.y);
        int[] u = X25519Field.create();
        int[] v = X25519Field.create();
        X25519Field.sqr(point.y, u);
        X25519Field.mul(D, u, v);
        X25519Field.subOne(u);
        X25519Field.addOne(v);
        if (!X25519Field.sqrtRatioVar(u, v, point.x)) {
            return null;
        }
        X25519Field.normalize(point.x);
        if (sign == 1 && X25519Field.isZeroVar(point.x)) {
            if (canonicalOnly) {
                return null;
            }
            sign = 0; // −0 = 0
        }
        if ((point.x[0] & 1) != sign) {
            X25519Field.negate(point.x, point.x);
        }
        X25519Field.one(point.z);
        X25519Field.mul(point.x, point.y, point.t);
        return point;
    }

    /** @return −this */
    EdwardsPoint negate() {
        EdwardsPoint negated = copy();
        X25519Field.negate(negated.x, negated.x);
        X25519Field.negate(negated.t, negated.t);
        return negated;
    }

    EdwardsPoint copy() {
        EdwardsPoint copy = new EdwardsPoint();
        X25519Field.copy(x, 0, copy.x, 0);
        X25519Field.copy(y, 0, copy.y, 0);
        X25519Field.copy(z, 0, copy.z, 0);
        X25519Field.copy(t, 0, copy.t, 0);
        return copy;
    }

    /** @return whether this is the neutral element: X = 0 and Y = Z */
    boolean isIdentity() {
        int[] difference = X25519Field.create();
        int[] xCopy = X25519Field.create();
        X25519Field.copy(x, 0, xCopy, 0);
        X25519Field.normalize(xCopy);
        X25519Field.sub(y, z, difference);
        X25519Field.normalize(difference);
        return X25519Field.isZeroVar(xCopy) && X25519Field.isZeroVar(difference);
    }

    /** @return [k]this, k ≥ 0, by doubling and adding from the top bit */
    EdwardsPoint multiply(BigInteger k) {
        Adder adder = new Adder();
        EdwardsPoint result = identity();
        for (int bit = k.bitLength() - 1; bit >= 0; bit--) {
            adder.add(result, result, result);
            if (k.testBit(bit)) {
                adder.add(result, this, result);
            }
        }
        return result;
    }

    /** @return this point in the form that {@link Adder#addCached} adds fastest, for a point added many times */
    Cached cached() {
        return new Cached(this);
    }

    /**
     * A point as (Y − X, Y + X, 2d·T, 2·Z): the parts of the addition formula that depend on this point alone, worked
     * out once. Z = 1 (a decoded point) leaves 2·Z out, which saves one more multiplication per addition.
     */
    static final class Cached {

        final int[] yMinusX = X25519Field.create();
        final int[] yPlusX = X25519Field.create();
        final int[] t2d = X25519Field.create();
        /** 2·Z, or null for Z = 1. */
        final int[] z2;

        private Cached(EdwardsPoint p) {
            X25519Field.sub(p.y, p.x, yMinusX);
            X25519Field.add(p.y, p.x, yPlusX);
            X25519Field.carry(yMinusX);
            X25519Field.carry(yPlusX);
            X25519Field.mul(p.t, D2, t2d);
            int[] zMinusOne = X25519Field.create();
            X25519Field.copy(p.z, 0, zMinusOne, 0);
            X25519Field.subOne(zMinusOne);
            X25519Field.normalize(zMinusOne);
            if (X25519Field.isZeroVar(zMinusOne)) {
                z2 = null;
            } else {
                z2 = X25519Field.create();
                X25519Field.add(p.z, p.z, z2);
                X25519Field.carry(z2);
            }
        }
    }

    /**
     * Adds points with the unified formula of Hisil, Wong, Carter and Dawson (2008) for a = −1, which is complete on
     * Ed25519: it also doubles and handles the neutral element, so no case needs a branch. Keeps its temporaries,
     * so one adder serves a whole multi-scalar multiplication without garbage; one thread at a time.
     */
    static final class Adder {

        private final int[] a = X25519Field.create();
        private final int[] b = X25519Field.create();
        private final int[] c = X25519Field.create();
        private final int[] d = X25519Field.create();
        private final int[] e = X25519Field.create();
        private final int[] f = X25519Field.create();
        private final int[] g = X25519Field.create();
        private final int[] h = X25519Field.create();

        /** Sets {@code r} to p + q; r may be p or q. */
        void add(EdwardsPoint p, EdwardsPoint q, EdwardsPoint r) {
            X25519Field.sub(p.y, p.x, a);
            X25519Field.sub(q.y, q.x, e);
            X25519Field.carry(a);
            X25519Field.carry(e);
            X25519Field.mul(a, e, a);
            X25519Field.add(p.y, p.x, b);
            X25519Field.add(q.y, q.x, e);
            X25519Field.carry(b);
            X25519Field.carry(e);
            X25519Field.mul(b, e, b);
            X25519Field.mul(p.t, q.t, c);
            X25519Field.mul(c, D2, c);
            X25519Field.mul(p.z, q.z, d);
            X25519Field.add(d, d, d);
            X25519Field.sub(b, a, e);
            X25519Field.sub(d, c, f);
            X25519Field.add(d, c, g);
            X25519Field.add(b, a, h);
            finish(r);
        }

        /**
         * Sets {@code r} to p + q, or to p − q if {@code negate}; r may be p. The same formula as {@link #add} with
         * q's own parts worked out before: seven multiplications instead of nine when q's Z is 1, eight otherwise.
         * −q swaps Y − X and Y + X and negates T.
         */
        void addCached(EdwardsPoint p, Cached q, boolean negate, EdwardsPoint r) {
            X25519Field.sub(p.y, p.x, a);
            X25519Field.add(p.y, p.x, b);
            X25519Field.carry(a);
            X25519Field.carry(b);
            X25519Field.mul(a, negate ? q.yPlusX : q.yMinusX, a);
            X25519Field.mul(b, negate ? q.yMinusX : q.yPlusX, b);
            X25519Field.mul(p.t, q.t2d, c);
            if (q.z2 == null) {
                X25519Field.add(p.z, p.z, d);
            } else {
                X25519Field.mul(p.z, q.z2, d);
            }
            X25519Field.sub(b, a, e);
            X25519Field.add(b, a, h);
            if (negate) {
                X25519Field.add(d, c, f);
                X25519Field.sub(d, c, g);
            } else {
                X25519Field.sub(d, c, f);
                X25519Field.add(d, c, g);
            }
            finish(r);
        }

        /** The last step of both additions: from E, F, G and H, r = (E·F : G·H : F·G : E·H). */
        private void finish(EdwardsPoint r) {
            X25519Field.carry(e);
            X25519Field.carry(f);
            X25519Field.carry(g);
            X25519Field.carry(h);
            X25519Field.mul(e, f, r.x);
            X25519Field.mul(g, h, r.y);
            X25519Field.mul(e, h, r.t);
            X25519Field.mul(f, g, r.z);
        }
    }

    private static int[] field(BigInteger value) {
        int[] element = X25519Field.create();
        X25519Field.decode(Scalars.toLittleEndian(value, 32), 0, element);
        return element;
    }

    /** B: y = 4/5, x even (RFC 8032, section 5.1). */
    private static byte[] encodedBase() {
        return Scalars.toLittleEndian(BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P), 32);
    }
}
