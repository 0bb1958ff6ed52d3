package org.dump.crypto.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks many Ed25519 signatures in one equation, at about a quarter of the cost of checking them one by one.
 * Each signature (R, s) by key A of message M must satisfy [s]B = R + [k]A with k = SHA-512(R ‖ A ‖ M) mod L.
 * With a fresh random 128-bit z per signature, the batch holds
 * [8]([Σ z·s]B − Σ [z]R − Σ over keys [Σ z·k]A) = 0: the sums of B and A terms cost two scalar multiplications
 * whatever the batch size (signatures of one origin share A), and Σ [z]R is one multi-scalar multiplication
 * (Pippenger's buckets), far cheaper than a full one per signature.
 *
 * <p>If every signature is valid the equation holds; if one is not, it fails except with probability 2^-128
 * (the z are unknown to whoever made the signatures). Multiplying by the cofactor 8 makes the result independent of
 * small-order parts of R: the equation is the cofactored one of RFC 8032, section 5.1.7, and R is read as ZIP-215
 * reads it, so each signature gets the verdict of {@link Ed25519Rule}, alone or in a batch of any size. Keys must
 * be valid points of the prime-order subgroup (which {@code Ed25519PublicKey} makes sure of).
 */
public final class Ed25519Batch {

    /** A signature to check: key and signature as RFC 8032 encodes them, and the message. */
    public record Item(byte[] publicKey, byte[] message, byte[] signature) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int Z_BITS = 128;

    private Ed25519Batch() {
    }

    /**
     * @return true if every signature is valid (false positives 2^-128), false if one or more are not, or if a
     *         signature or key is malformed: then check them one by one to learn which
     */
    public static boolean allValid(List<Item> items) {
        if (items.isEmpty()) {
            return true;
        }
        int n = items.size();
        byte[] zBytes = new byte[n * Z_BITS / 8];
        RANDOM.nextBytes(zBytes);
        MessageDigest sha512 = sha512();
        EdwardsPoint[] points = new EdwardsPoint[n];
        long[] zLow = new long[n];
        long[] zHigh = new long[n];
        BigInteger sSum = BigInteger.ZERO;
        // Per distinct key, Σ z·k: a batch is mostly one origin's records, so this is one scalar multiplication.
        Map<ByteBuffer, BigInteger> kSums = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Item item = items.get(i);
            byte[] signature = item.signature();
            if (signature == null || signature.length != 64 || item.publicKey() == null
                    || item.publicKey().length != 32 || item.message() == null) {
                return false;
            }
            BigInteger s = Scalars.littleEndian(signature, 32, 32);
            if (s.compareTo(Scalars.L) >= 0) {
                return false;
            }
            EdwardsPoint r = EdwardsPoint.decodeAnyEncoding(signature, 0);
            if (r == null) {
                return false;
            }
            points[i] = r.negate();
            sha512.update(signature, 0, 32);
            sha512.update(item.publicKey());
            sha512.update(item.message());
            BigInteger k = Scalars.littleEndian(sha512.digest()).mod(Scalars.L);
            // z as one number for the scalar sums and as two longs for the buckets: the same 16 bytes.
            BigInteger z = Scalars.littleEndian(zBytes, i * 16, 16);
            zLow[i] = readLong(zBytes, i * 16);
            zHigh[i] = readLong(zBytes, i * 16 + 8);
            sSum = sSum.add(z.multiply(s));
            kSums.merge(ByteBuffer.wrap(item.publicKey()), z.multiply(k), BigInteger::add);
        }
        EdwardsPoint.Adder adder = new EdwardsPoint.Adder();
        EdwardsPoint sum = EdwardsPoint.BASE.multiply(sSum.mod(Scalars.L));
        adder.add(sum, multiScalar(points, zLow, zHigh, adder), sum);
        for (Map.Entry<ByteBuffer, BigInteger> key : kSums.entrySet()) {
            EdwardsPoint a = EdwardsPoint.decode(key.getKey().array(), 0);
            if (a == null) {
                return false;
            }
            adder.add(sum, a.negate().multiply(key.getValue().mod(Scalars.L)), sum);
        }
        for (int i = 0; i < 3; i++) {
            adder.add(sum, sum, sum);
        }
        return sum.isIdentity();
    }

    /**
     * @return Σ [z_i]P_i for 128-bit z_i = (high, low), by Pippenger's bucket method: per window of c bits, each point
     *         is added once into the bucket of its digit, and the buckets are summed with 2·2^(c−1) additions. Digits
     *         are signed, from −2^(c−1) to 2^(c−1) − 1, so a negative one adds −P_i to the bucket of its size: half
     *         the buckets of unsigned digits for the same window. Each P_i is added in its {@linkplain
     *         EdwardsPoint#cached cached} form, worked out once for all windows.
     */
    static EdwardsPoint multiScalar(EdwardsPoint[] points, long[] zLow, long[] zHigh, EdwardsPoint.Adder adder) {
        int n = points.length;
        int width = windowWidth(n);
        int windows = windows(width);
        int[] digits = signedDigits(zLow, zHigh, width, windows);
        EdwardsPoint.Cached[] cached = new EdwardsPoint.Cached[n];
        for (int i = 0; i < n; i++) {
            cached[i] = points[i].cached();
        }
        EdwardsPoint[] buckets = new EdwardsPoint[(1 << (width - 1)) + 1];
        EdwardsPoint result = null;
        for (int window = windows - 1; window >= 0; window--) {
            if (result != null) {
                for (int i = 0; i < width; i++) {
                    adder.add(result, result, result);
                }
            }
            Arrays.fill(buckets, null);
            for (int i = 0; i < n; i++) {
                int digit = digits[i * windows + window];
                if (digit != 0) {
                    int bucket = Math.abs(digit);
                    if (buckets[bucket] == null) {
                        buckets[bucket] = digit > 0 ? points[i].copy() : points[i].negate();
                    } else {
                        adder.addCached(buckets[bucket], cached[i], digit < 0, buckets[bucket]);
                    }
                }
            }
            // Σ digit·bucket[digit], as the sum of the running sums from the highest digit down.
            EdwardsPoint running = null;
            EdwardsPoint windowSum = null;
            for (int digit = buckets.length - 1; digit > 0; digit--) {
                if (buckets[digit] != null) {
                    if (running == null) {
                        running = buckets[digit];
                    } else {
                        adder.add(running, buckets[digit], running);
                    }
                }
                if (running != null) {
                    if (windowSum == null) {
                        windowSum = running.copy();
                    } else {
                        adder.add(windowSum, running, windowSum);
                    }
                }
            }
            if (windowSum != null) {
                if (result == null) {
                    result = windowSum;
                } else {
                    adder.add(result, windowSum, result);
                }
            }
        }
        return result == null ? EdwardsPoint.identity() : result;
    }

    /**
     * @return the window width in bits that makes the fewest field multiplications for {@code n} points: per window,
     *         n cached additions (7 each) and 2·2^(c−1) full ones (9 each) to sum the buckets, and c doublings
     */
    static int windowWidth(int n) {
        int best = 2;
        long bestCost = Long.MAX_VALUE;
        for (int width = 2; width <= 16; width++) {
            long cost = (long) windows(width) * (7L * n + 9L * ((2L << (width - 1)) + width));
            if (cost < bestCost) {
                best = width;
                bestCost = cost;
            }
        }
        return best;
    }

    /**
     * @return how many windows of {@code width} bits the signed digits of a 128-bit z take: they cover at least 130
     *         bits, so that the top window holds at most c − 2 bits of z and the carry out of it is zero
     */
    static int windows(int width) {
        return (Z_BITS + 1) / width + 1;
    }

    /**
     * @return per z_i, its digits d_j (least significant first, at i·windows + j), each from −2^(c−1) to 2^(c−1) − 1,
     *         with Σ d_j·2^(c·j) = z_i: a digit of 2^(c−1) or more is taken as d − 2^c and carries one to the next
     */
    static int[] signedDigits(long[] zLow, long[] zHigh, int width, int windows) {
        int half = 1 << (width - 1);
        int[] digits = new int[zLow.length * windows];
        for (int i = 0; i < zLow.length; i++) {
            int carry = 0;
            for (int window = 0; window < windows; window++) {
                int value = digit(zLow[i], zHigh[i], window * width, width) + carry;
                carry = value >= half ? 1 : 0;
                digits[i * windows + window] = value - (carry << width);
            }
        }
        return digits;
    }

    /** @return bits [from, from + width) of the 128-bit number (high, low), 0 above bit 127 */
    static int digit(long low, long high, int from, int width) {
        long bits;
        if (from >= 128) {
            return 0;
        } else if (from >= 64) {
            bits = high >>> (from - 64);
        } else if (from + width <= 64) {
            bits = low >>> from;
        } else {
            bits = (low >>> from) | (high << (64 - from));
        }
        return (int) (bits & ((1L << width) - 1));
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every Java platform", e);
        }
    }
}
