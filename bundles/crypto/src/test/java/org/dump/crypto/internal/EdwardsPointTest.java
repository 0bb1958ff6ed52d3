package org.dump.crypto.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.util.Random;

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
                low[i] = random.nextLong();
                high[i] = i % 7 == 0 ? 0 : random.nextLong();
                BigInteger z = new BigInteger(Long.toUnsignedString(high[i])).shiftLeft(64)
                        .or(new BigInteger(Long.toUnsignedString(low[i])));
                adder.add(expected, points[i].multiply(z), expected);
            }
            EdwardsPoint difference = Ed25519Batch.multiScalar(points, low, high, adder);
            adder.add(difference, expected.negate(), difference);
            assertTrue("n = " + n, difference.isIdentity());
        }
    }

    @Test
    public void digitsReadAcrossTheTwoHalves() {
        long low = 0xF000_0000_0000_0000L;
        long high = 0x5L;
        assertTrue(Ed25519Batch.digit(low, high, 60, 6) == 0b01_1111);
        assertTrue(Ed25519Batch.digit(low, high, 64, 3) == 0b101);
        assertTrue(Ed25519Batch.digit(low, high, 126, 6) == 0);
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
