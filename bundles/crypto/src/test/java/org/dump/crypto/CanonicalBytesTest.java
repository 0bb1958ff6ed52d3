package org.dump.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;

import java.util.Arrays;

import org.junit.Test;

public class CanonicalBytesTest {

    @Test
    public void fieldsAreLengthPrefixedSoThatBoundariesCannotShift() {
        byte[] ab = new CanonicalBytes("T").add("ab").add("c").toByteArray();
        byte[] a = new CanonicalBytes("T").add("a").add("bc").toByteArray();
        assertFalse(Arrays.equals(ab, a));
    }

    @Test
    public void nullDiffersFromEmpty() {
        assertFalse(Arrays.equals(new CanonicalBytes("T").add((String) null).toByteArray(),
                new CanonicalBytes("T").add("").toByteArray()));
    }

    @Test
    public void encodingIsFixed() {
        assertArrayEquals(new byte[] {0, 0, 0, 1, 'T', 0, 0, 0, 2, '4', '2', (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, 0, 0, 0, 4, 't', 'r', 'u', 'e'},
                new CanonicalBytes("T").add(42).add((String) null).add(true).toByteArray());
    }

    @Test
    public void labelsSeparateKindsOfMessage() {
        assertFalse(Arrays.equals(new CanonicalBytes("A").add("x").toByteArray(),
                new CanonicalBytes("B").add("x").toByteArray()));
    }
}
