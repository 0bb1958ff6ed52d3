package org.dump.crypto.internal;

import java.math.BigInteger;

/** Little-endian integers as RFC 8032 writes scalars and field elements, and the group order L. */
final class Scalars {

    /** The order of Ed25519's prime-order subgroup: 2^252 + 27742317777372353535851937790883648493. */
    static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    private Scalars() {
    }

    /** @return the unsigned integer that {@code bytes} write least significant byte first */
    static BigInteger littleEndian(byte[] bytes) {
        return littleEndian(bytes, 0, bytes.length);
    }

    static BigInteger littleEndian(byte[] bytes, int offset, int length) {
        byte[] bigEndian = new byte[length];
        for (int i = 0; i < length; i++) {
            bigEndian[length - 1 - i] = bytes[offset + i];
        }
        return new BigInteger(1, bigEndian);
    }

    /** @return {@code value} (0 ≤ value < 2^(8·length)) in {@code length} bytes, least significant first */
    static byte[] toLittleEndian(BigInteger value, int length) {
        byte[] bigEndian = value.toByteArray();
        byte[] little = new byte[length];
        for (int i = 0; i < length && i < bigEndian.length; i++) {
            little[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return little;
    }
}
