package org.dump.crypto.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.util.Random;

import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.junit.Test;

public class EdwardsPointTest {

    private final Random random = new Random(7);
    private final EdwardsPoint.Adder adder = new EdwardsPoint.Adder();

    @Test
    public void theBasePointHasOrderL() {
        assertFalse(EdwardsPoint.BASE.isIdentity());
        assertFalse(EdwardsPoint.BASE.multiply(Scalars.L.subtract(BigInteger.ONE)).isIdentity());
        assertTrue(EdwardsPoint.BASE.multiply(Scalars.L).isIdentity());
        EdwardsPoint sum = EdwardsPoint.BASE.copy();
        adder.add(sum, EdwardsPoint.BASE.negate(), sum);
        assertTrue(sum.isIdentity());
    }

    @Test
    public void multiScalarMultiplicationIsTheSumOfSingleMultiplications() {
        for (int n : new int[] {1, 5, 40, 300}) {
            EdwardsPoint[] points = new EdwardsPoint[n];
            long[] low = new long[n];
            long[] high = new long[n];
            EdwardsPoint expected = EdwardsPoint.identity();
            for (int i = 0; i < n; i++) {
                points[i] = EdwardsPoint.BASE.multiply(new BigInteger(250, random));
                if (i % 3 == 0) {
                    // Decoded points (Z = 1), as a batch holds, take the shorter cached addition.
                    points[i] = EdwardsPoint.decode(encode(points[i]), 0);
                }
                low[i] = i % 11 == 1 ? -1 : random.nextLong();
                high[i] = i % 7 == 0 ? 0 : i % 11 == 1 ? -1 : random.nextLong();
                BigInteger z = unsigned128(low[i], high[i]);
                adder.add(expected, points[i].multiply(z), expected);
            }
            EdwardsPoint difference = Ed25519Batch.multiScalar(points, low, high, adder);
            adder.add(difference, expected.negate(), difference);
            assertTrue("n = " + n, difference.isIdentity());
        }
    }

    @Test
    public void aCachedPointAddsAndSubtractsAsTheFullFormulaDoes() {
        EdwardsPoint p = EdwardsPoint.BASE.multiply(new BigInteger(250, random));
        // A decoded point has Z = 1, a multiplied one has not: the cached form leaves out 2·Z only for the first.
        EdwardsPoint decoded = EdwardsPoint.decode(encode(EdwardsPoint.BASE.multiply(new BigInteger(250, random))), 0);
        for (EdwardsPoint q : new EdwardsPoint[] {EdwardsPoint.BASE, decoded, p.negate(),
                EdwardsPoint.BASE.multiply(new BigInteger(250, random)), EdwardsPoint.identity()}) {
            EdwardsPoint.Cached cached = q.cached();
            EdwardsPoint sum = p.copy();
            adder.addCached(sum, cached, false, sum);
            EdwardsPoint expected = p.copy();
            adder.add(expected, q, expected);
            assertTrue(equal(sum, expected));
            EdwardsPoint difference = p.copy();
            adder.addCached(difference, cached, true, difference);
            adder.add(expected, q.negate(), expected);
            adder.add(expected, q.negate(), expected);
            assertTrue(equal(difference, expected));
        }
    }

    @Test
    public void signedDigitsAddUpToTheScalarAtEveryWidth() {
        long[] low = {0, 1, -1, random.nextLong(), 0x8000_0000_0000_0000L, random.nextLong()};
        long[] high = {0, 0, -1, random.nextLong(), -1, 0x7FFF_FFFF_FFFF_FFFFL};
        for (int width = 2; width <= 16; width++) {
            int windows = Ed25519Batch.windows(width);
            int[] digits = Ed25519Batch.signedDigits(low, high, width, windows);
            for (int i = 0; i < low.length; i++) {
                BigInteger sum = BigInteger.ZERO;
                for (int window = windows - 1; window >= 0; window--) {
                    int digit = digits[i * windows + window];
                    assertTrue("width " + width, digit >= -(1 << (width - 1)) && digit < 1 << (width - 1));
                    sum = sum.shiftLeft(width).add(BigInteger.valueOf(digit));
                }
                assertTrue("width " + width + ", z " + i, sum.equals(unsigned128(low[i], high[i])));
            }
        }
    }

    @Test
    public void theWindowGrowsWithTheBatch() {
        assertTrue(Ed25519Batch.windowWidth(1) <= Ed25519Batch.windowWidth(16));
        assertTrue(Ed25519Batch.windowWidth(16) < Ed25519Batch.windowWidth(250));
        assertTrue(Ed25519Batch.windowWidth(250) < Ed25519Batch.windowWidth(5000));
    }

    @Test
    public void digitsReadAcrossTheTwoHalves() {
        long low = 0xF000_0000_0000_0000L;
        long high = 0x5L;
        assertTrue(Ed25519Batch.digit(low, high, 60, 6) == 0b01_1111);
        assertTrue(Ed25519Batch.digit(low, high, 64, 3) == 0b101);
        assertTrue(Ed25519Batch.digit(low, high, 126, 6) == 0);
        assertTrue(Ed25519Batch.digit(-1, -1, 126, 6) == 0b11);
        assertTrue(Ed25519Batch.digit(-1, -1, 128, 6) == 0);
    }

    private static BigInteger unsigned128(long low, long high) {
        return new BigInteger(Long.toUnsignedString(high)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low)));
    }

    /** @return whether p and q are the same point: p − q is the neutral element */
    private static boolean equal(EdwardsPoint p, EdwardsPoint q) {
        EdwardsPoint difference = p.copy();
        new EdwardsPoint.Adder().add(difference, q.negate(), difference);
        return difference.isIdentity();
    }

    /** @return p as RFC 8032 encodes it: y, and the sign of x in the top bit */
    private static byte[] encode(EdwardsPoint p) {
        int[] inverse = X25519Field.create();
        int[] x = X25519Field.create();
        int[] y = X25519Field.create();
        X25519Field.inv(p.z, inverse);
        X25519Field.mul(p.x, inverse, x);
        X25519Field.mul(p.y, inverse, y);
        X25519Field.normalize(x);
        X25519Field.normalize(y);
        byte[] encoded = new byte[32];
        X25519Field.encode(y, encoded, 0);
        encoded[31] |= (byte) ((x[0] & 1) << 7);
        return encoded;
    }

    @Test
    public void encodingsOffTheCurveOrNotCanonicalAreRefused() {
        byte[] p = Scalars.toLittleEndian(EdwardsPoint.P, 32);
        assertNull(EdwardsPoint.decode(p, 0));
        byte[] two = new byte[32];
        two[0] = 2; // y = 2: u/v = 3/(4d+1) is no square
        assertNull(EdwardsPoint.decode(two, 0));
        byte[] identityNegativeZero = new byte[32];
        identityNegativeZero[0] = 1;
        identityNegativeZero[31] = (byte) 0x80; // y = 1 gives x = 0, which has no negative
        assertNull(EdwardsPoint.decode(identityNegativeZero, 0));
    }
}
