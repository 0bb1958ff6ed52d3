package org.dump.crypto.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.crypto.internal.Ed25519Reference.Point;
import org.junit.Test;

/**
 * One rule for which Ed25519 signatures are valid (docs/protocol.md), held by every check DUMP makes: the single
 * check of {@link Ed25519PublicKey#verify}, this package's own cofactored check, batches of every size, and the
 * acceptance of keys. Each case's expected verdict comes from {@link Ed25519Reference}, the rule written plainly on
 * BigInteger; Bouncy Castle must agree where {@link Ed25519Rule#bouncyCastleDecides} hands it the case, and the
 * JDK's own Ed25519 (cofactorless) wherever R has no small-order part, as the rule says it must.
 *
 * <p>{@code -Ddump.ed25519.cases=N} sets the number of random and mutated cases checked against the reference, and
 * {@code -Ddump.ed25519.agreement=N} those where the checks are held to each other and to what each case was made
 * to be ({@code benchmarks/crypto/ed25519-rule.sh} runs millions); CI runs a few thousand.
 */
public class Ed25519RuleTest {

    private static final int CASES = Integer.getInteger("dump.ed25519.cases", 120);
    /** Cases of {@link #theChecksAgreeWithEachOtherOnManyCases}, which needs no reference and so runs fast. */
    private static final int AGREEMENT_CASES = Integer.getInteger("dump.ed25519.agreement", 1500);
    private static final byte[] ZCASH = "Zcash".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final Random random = new Random(Long.getLong("dump.ed25519.seed", System.nanoTime()));

    /**
     * ZIP-215's 196 cases: A and R each one of the 14 encodings of points of small order (canonical or not), s = 0.
     * ZIP-215 accepts all of them; so does this package's cofactored check, and DUMP refuses every one of them for
     * its key, which is no key of prime order.
     */
    @Test
    public void zip215sSmallOrderCasesPassTheEquationAndFailForTheirKeys() throws Exception {
        List<byte[]> encodings = smallOrderEncodings();
        assertEquals("ZIP-215 counts 14 encodings of small-order points", 14, encodings.size());
        int cases = 0;
        for (byte[] a : encodings) {
            assertFalse(Ed25519Reference.validKey(a));
            assertFalse("a small-order key is refused", accepted(a));
            for (byte[] r : encodings) {
                byte[] signature = Arrays.copyOf(r, 64);
                assertTrue(Ed25519Reference.cofactoredEquation(a, ZCASH, signature));
                assertTrue(hex(a) + " " + hex(r), Ed25519Rule.cofactored(a, ZCASH, signature));
                cases++;
            }
        }
        assertEquals(196, cases);
    }

    @Test
    public void honestSignaturesPassEveryCheck() throws Exception {
        for (int i = 0; i < CASES / 3 + 1; i++) {
            BigInteger a = scalar();
            byte[] key = Ed25519Reference.BASE.times(a).encode();
            byte[] message = message();
            byte[] signature = Ed25519Reference.sign(a, scalar(), Ed25519Reference.IDENTITY, message);
            assertTrue(Ed25519Reference.valid(key, message, signature));
            assertVerdict(key, message, signature, true);
        }
    }

    /** Signatures with bits flipped in R, s, the message or the key: every check gives the reference's verdict. */
    @Test
    public void mutatedSignaturesGetTheRulesVerdictEverywhere() throws Exception {
        BigInteger a = scalar();
        byte[] key = Ed25519Reference.BASE.times(a).encode();
        int keyChanges = 0;
        int stillValid = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] message = message();
            byte[] signature = Ed25519Reference.sign(a, scalar(), Ed25519Reference.IDENTITY, message);
            byte[] changedKey = key.clone();
            switch (random.nextInt(4)) {
                case 0 -> flip(signature, 0, 32);
                case 1 -> flip(signature, 32, 64);
                case 2 -> flip(message, 0, message.length);
                default -> {
                    flip(changedKey, 0, 32);
                    keyChanges++;
                }
            }
            boolean valid = Ed25519Reference.valid(changedKey, message, signature);
            assertVerdict(changedKey, message, signature, valid);
            stillValid += valid ? 1 : 0;
        }
        assertTrue(CASES < 8 || keyChanges > 0);
        System.out.printf("ed25519-rule: %d mutated cases checked against the reference (%d still valid, %d with the key"
                + " changed)%n", CASES, stillValid, keyChanges);
    }

    /**
     * R = [r]B + T with T of small order: the key's holder can make such signatures on purpose. The rule takes them
     * (the batch could not tell them apart); the JDK's cofactorless check refuses them, which is why a node written
     * elsewhere must check as ZIP-215 does.
     */
    @Test
    public void aSmallOrderPartInRIsAcceptedByEveryCheckOfTheRule() throws Exception {
        List<Point> torsion = smallOrderPoints();
        for (Point t : torsion) {
            for (int i = 0; i < 3; i++) {
                BigInteger a = scalar();
                byte[] key = Ed25519Reference.BASE.times(a).encode();
                byte[] message = message();
                byte[] signature = Ed25519Reference.sign(a, scalar(), t, message);
                assertTrue(Ed25519Reference.valid(key, message, signature));
                assertVerdict(key, message, signature, true);
                if (!t.sameAs(Ed25519Reference.IDENTITY)) {
                    assertFalse("the JDK checks the cofactorless equation", jdk(key, message, signature));
                }
            }
        }
    }

    /** R of small order itself, in each of its 14 encodings (R = T, s = k·a): valid by the rule. */
    @Test
    public void aSmallOrderRInAnyEncodingIsValid() throws Exception {
        for (byte[] r : smallOrderEncodings()) {
            BigInteger a = scalar();
            byte[] key = Ed25519Reference.BASE.times(a).encode();
            byte[] message = message();
            byte[] signature = Ed25519Reference.sign(a, key, BigInteger.ZERO, r, message);
            assertTrue(hex(r), Ed25519Reference.valid(key, message, signature));
            assertVerdict(key, message, signature, true);
        }
    }

    /** s + L names the same scalar, but only s &lt; L is a signature: refused by every check. */
    @Test
    public void aNonCanonicalSIsRefusedEverywhere() throws Exception {
        for (int i = 0; i < 20; i++) {
            BigInteger a = scalar();
            byte[] key = Ed25519Reference.BASE.times(a).encode();
            byte[] message = message();
            byte[] signature = Ed25519Reference.sign(a, scalar(), Ed25519Reference.IDENTITY, message);
            BigInteger s = Ed25519Reference.fromLittleEndian(Arrays.copyOfRange(signature, 32, 64)).add(
                    Ed25519Reference.L);
            System.arraycopy(Ed25519Reference.littleEndian(s, 32), 0, signature, 32, 32);
            assertFalse(Ed25519Reference.valid(key, message, signature));
            assertVerdict(key, message, signature, false);
            assertFalse(bouncyCastle(key, message, signature));
        }
    }

    /**
     * Batches of every size from 1 to 64, and of 100, 256 and 1000, of signatures of all kinds the rule takes, by three
     * keys, pass; with one signature changed they get that signature's verdict. The sizes cover every window width
     * of the batch's multi-scalar multiplication.
     */
    @Test
    public void batchesOfEverySizeGiveTheVerdictOfTheirSignatures() throws Exception {
        List<Point> torsion = smallOrderPoints();
        List<byte[]> encodings = smallOrderEncodings();
        byte[][] secrets = new byte[3][32];
        byte[][] keys = new byte[3][32];
        BigInteger[] scalars = new BigInteger[3];
        for (int i = 0; i < 3; i++) {
            random.nextBytes(secrets[i]);
            org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(secrets[i], 0, keys[i], 0);
            scalars[i] = secretScalar(secrets[i]);
        }
        List<Integer> sizes = new ArrayList<>();
        for (int size = 1; size <= 64; size++) {
            sizes.add(size);
        }
        sizes.addAll(List.of(100, 256, 1000));
        for (int size : sizes) {
            List<Ed25519Batch.Item> items = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int signer = random.nextInt(3);
                byte[] message = message();
                byte[] signature = new byte[64];
                org.bouncycastle.math.ec.rfc8032.Ed25519.sign(secrets[signer], 0, message, 0, message.length,
                        signature, 0);
                signature = switch (random.nextInt(3)) {
                    case 0 -> signature;
                    case 1 -> withSmallOrderPart(secrets[signer], keys[signer], message, signature,
                            torsion.get(random.nextInt(8)));
                    default -> Ed25519Reference.sign(scalars[signer], keys[signer], BigInteger.ZERO,
                            encodings.get(random.nextInt(14)), message);
                };
                items.add(new Ed25519Batch.Item(keys[signer], message, signature));
            }
            assertTrue("a batch of " + size + " valid signatures", Ed25519Batch.allValid(items));
            int bad = random.nextInt(size);
            Ed25519Batch.Item item = items.get(bad);
            byte[] signature = item.signature().clone();
            flip(signature, 0, 64);
            boolean stillValid = Ed25519Reference.valid(item.publicKey(), item.message(), signature);
            items.set(bad, new Ed25519Batch.Item(item.publicKey(), item.message(), signature));
            assertEquals("a batch of " + size + " with signature " + bad + " changed", stillValid,
                    Ed25519Batch.allValid(items));
        }
    }

    /** Which R Bouncy Castle is handed: the byte-wise canonical test, held to the plain definition at its edges. */
    @Test
    public void canonicalEncodingsAreToldApartAtTheEdges() {
        BigInteger p = Ed25519Reference.P;
        List<BigInteger> ys = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                p.subtract(BigInteger.TWO), p.subtract(BigInteger.ONE), p, p.add(BigInteger.ONE),
                BigInteger.TWO.pow(255).subtract(BigInteger.ONE), BigInteger.TWO.pow(248), BigInteger.valueOf(0xED)));
        for (int i = 0; i < CASES; i++) {
            ys.add(new BigInteger(255, random));
        }
        for (BigInteger y : ys) {
            for (int sign = 0; sign <= 1; sign++) {
                boolean expected = y.compareTo(p) < 0
                        && !(sign == 1 && (y.equals(BigInteger.ONE) || y.equals(p.subtract(BigInteger.ONE))));
                byte[] encoding = Ed25519Reference.encoding(y, sign);
                assertEquals(y + " sign " + sign, expected, EdwardsPoint.isCanonical(encoding, 0));
                byte[] shifted = new byte[40];
                System.arraycopy(encoding, 0, shifted, 8, 32);
                assertEquals(expected, EdwardsPoint.isCanonical(shifted, 8));
            }
        }
    }

    /** Keys: accepted exactly when canonical, a point, and of prime order. */
    @Test
    public void keysAreAcceptedByTheSameRule() throws Exception {
        List<byte[]> keys = new ArrayList<>(smallOrderEncodings());
        for (Point t : smallOrderPoints()) {
            keys.add(Ed25519Reference.BASE.times(scalar()).add(t).encode()); // mixed order, unless t is 0
        }
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            keys.add(bytes);
        }
        BigInteger y = Ed25519Reference.BASE.times(scalar()).affineY();
        keys.add(Ed25519Reference.encoding(y, 0)); // a point, or its negation: both of prime order
        for (int small = 0; small < 19; small++) {
            for (int sign = 0; sign <= 1; sign++) {
                // y + p: a non-canonical encoding of whatever point y names (some of prime order)
                keys.add(Ed25519Reference.encoding(BigInteger.valueOf(small).add(Ed25519Reference.P), sign));
                keys.add(Ed25519Reference.encoding(BigInteger.valueOf(small), sign));
            }
        }
        int accepted = 0;
        for (byte[] key : keys) {
            boolean expected = Ed25519Reference.validKey(key);
            assertEquals(hex(key), expected, accepted(key));
            accepted += expected ? 1 : 0;
        }
        assertTrue("some keys are valid", accepted > 0);
    }

    /**
     * Many cases, fast: signatures made by Bouncy Castle, some given a small-order part in R by their signer, some
     * changed afterwards. The single check, this package's cofactored check and a batch of one agree; valid as made
     * means accepted; Bouncy Castle agrees where it decides, the JDK accepts the plain ones and refuses those with a
     * small-order part; and batches of them all pass or fail with their signatures.
     */
    @Test
    public void theChecksAgreeWithEachOtherOnManyCases() throws Exception {
        List<Point> torsion = smallOrderPoints().stream().filter(t -> !t.sameAs(Ed25519Reference.IDENTITY)).toList();
        int accepted = 0;
        int comparedWithBouncyCastle = 0;
        int comparedWithJdk = 0;
        List<Ed25519Batch.Item> batch = new ArrayList<>();
        boolean batchValid = true;
        int batches = 0;
        for (int i = 0; i < AGREEMENT_CASES; i++) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            byte[] key = new byte[32];
            org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(secret, 0, key, 0);
            byte[] message = message();
            byte[] signature = new byte[64];
            org.bouncycastle.math.ec.rfc8032.Ed25519.sign(secret, 0, message, 0, message.length, signature, 0);
            boolean mixed = random.nextBoolean();
            boolean changed = random.nextInt(3) == 0;
            if (mixed) {
                signature = withSmallOrderPart(secret, key, message, signature, torsion.get(random.nextInt(7)));
            }
            if (changed) {
                if (random.nextBoolean()) {
                    flip(signature, 0, 64);
                } else {
                    flip(message, 0, message.length);
                }
            }
            boolean single = Ed25519PublicKey.fromRaw(key).verify(message, signature);
            String what = "key " + hex(key) + ", signature " + hex(signature) + ", message " + hex(message);
            assertEquals(what, single, Ed25519Rule.cofactored(key, message, signature));
            Ed25519Batch.Item item = new Ed25519Batch.Item(key, message, signature);
            assertEquals(what, single, Ed25519Batch.allValid(List.of(item)));
            if (!changed) {
                assertTrue("valid as made: " + what, single);
                assertEquals("the JDK, " + what, !mixed, jdk(key, message, signature));
                comparedWithJdk++;
            }
            if (Ed25519Rule.bouncyCastleDecides(signature)) {
                assertEquals("Bouncy Castle, " + what, single, bouncyCastle(key, message, signature));
                comparedWithBouncyCastle++;
            }
            accepted += single ? 1 : 0;
            batch.add(item);
            batchValid &= single;
            if (batch.size() >= 1 + random.nextInt(128) || i == AGREEMENT_CASES - 1) {
                assertEquals("a batch of " + batch.size(), batchValid, Ed25519Batch.allValid(batch));
                batch.clear();
                batchValid = true;
                batches++;
            }
        }
        System.out.printf("ed25519-rule: %d cases (%d accepted, %d refused), %d batches; %d compared with Bouncy Castle,"
                + " %d with the JDK%n", AGREEMENT_CASES, accepted, AGREEMENT_CASES - accepted, batches,
                comparedWithBouncyCastle, comparedWithJdk);
    }

    /**
     * @return the signature re-made by the holder of {@code secret} with R + T instead of R: r = s − k·a is the
     *         signature's own nonce, so s' = r + k'·a with k' for the new R
     */
    private static byte[] withSmallOrderPart(byte[] secret, byte[] key, byte[] message, byte[] signature, Point t)
            throws Exception {
        BigInteger a = secretScalar(secret);
        byte[] r = Arrays.copyOf(signature, 32);
        BigInteger s = Ed25519Reference.fromLittleEndian(Arrays.copyOfRange(signature, 32, 64));
        BigInteger nonce = s.subtract(Ed25519Reference.challenge(r, key, message).multiply(a)).mod(Ed25519Reference.L);
        byte[] mixedR = Ed25519Reference.decode(r, false).add(t).encode();
        BigInteger mixedS = nonce.add(Ed25519Reference.challenge(mixedR, key, message).multiply(a))
                .mod(Ed25519Reference.L);
        byte[] mixed = new byte[64];
        System.arraycopy(mixedR, 0, mixed, 0, 32);
        System.arraycopy(Ed25519Reference.littleEndian(mixedS, 32), 0, mixed, 32, 32);
        return mixed;
    }

    /** @return the secret scalar a of an RFC 8032 private key: the clamped first half of its SHA-512 */
    private static BigInteger secretScalar(byte[] secret) throws Exception {
        byte[] clamped = Arrays.copyOf(java.security.MessageDigest.getInstance("SHA-512").digest(secret), 32);
        clamped[0] &= (byte) 248;
        clamped[31] &= 127;
        clamped[31] |= 64;
        return Ed25519Reference.fromLittleEndian(clamped);
    }

    /** Asserts every check's verdict on one case: those of the rule always, Bouncy Castle's and the JDK's where due. */
    private void assertVerdict(byte[] key, byte[] message, byte[] signature, boolean expected) throws Exception {
        String what = "key " + hex(key) + ", signature " + hex(signature);
        Ed25519PublicKey publicKey = accepted(key) ? Ed25519PublicKey.fromRaw(key) : null;
        assertEquals(what, expected, publicKey != null && publicKey.verify(message, signature));
        if (publicKey == null) {
            return;
        }
        assertEquals(what, expected, Ed25519Rule.cofactored(key, message, signature));
        assertEquals(what, expected, Ed25519Batch.allValid(List.of(new Ed25519Batch.Item(key, message, signature))));
        if (Ed25519Rule.bouncyCastleDecides(signature)) {
            assertEquals("Bouncy Castle, " + what, expected, bouncyCastle(key, message, signature));
        }
        if (EdwardsPoint.isCanonical(signature, 0) && Ed25519Reference.torsionFree(Arrays.copyOf(signature, 32))) {
            assertEquals("the JDK, " + what, expected, jdk(key, message, signature));
        }
    }

    private static boolean accepted(byte[] key) {
        try {
            Ed25519PublicKey.fromRaw(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean bouncyCastle(byte[] key, byte[] message, byte[] signature) {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, key, 0, message, 0, message.length);
    }

    /** @return the JDK's verdict (SunEC, cofactorless), false where it refuses the key or signature outright */
    static boolean jdk(byte[] key, byte[] message, byte[] signature) throws GeneralSecurityException {
        byte[] yBytes = key.clone();
        boolean xOdd = (yBytes[31] & 0x80) != 0;
        yBytes[31] &= 0x7F;
        BigInteger y = Ed25519Reference.fromLittleEndian(yBytes);
        try {
            PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(
                    NamedParameterSpec.ED25519, new EdECPoint(xOdd, y)));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (java.security.SignatureException | java.security.InvalidKeyException
                | java.security.spec.InvalidKeySpecException | IllegalArgumentException e) {
            return false;
        }
    }

    /** @return the eight points of small order: [L]P for random points P until all eight came up */
    static List<Point> smallOrderPoints() {
        List<Point> points = new ArrayList<>();
        Random seeds = new Random(25519);
        while (points.size() < 8) {
            Point p = Ed25519Reference.decode(Ed25519Reference.encoding(new BigInteger(254, seeds), 0), false);
            if (p != null) {
                Point t = p.times(Ed25519Reference.L);
                if (points.stream().noneMatch(t::sameAs)) {
                    points.add(t);
                }
            }
        }
        return points;
    }

    /** @return every 32-byte encoding that ZIP-215 reads as a point of small order: y or y + p, either sign bit */
    static List<byte[]> smallOrderEncodings() {
        Set<String> seen = new LinkedHashSet<>();
        List<byte[]> encodings = new ArrayList<>();
        for (Point t : smallOrderPoints()) {
            BigInteger y = t.affineY();
            for (BigInteger written : List.of(y, y.add(Ed25519Reference.P))) {
                for (int sign = 0; sign <= 1; sign++) {
                    if (written.bitLength() > 255) {
                        continue;
                    }
                    byte[] encoding = Ed25519Reference.encoding(written, sign);
                    Point decoded = Ed25519Reference.decode(encoding, true);
                    if (decoded != null && decoded.times(BigInteger.valueOf(8)).sameAs(Ed25519Reference.IDENTITY)
                            && seen.add(hex(encoding))) {
                        encodings.add(encoding);
                    }
                }
            }
        }
        return encodings;
    }

    private BigInteger scalar() {
        return new BigInteger(256, random).mod(Ed25519Reference.L);
    }

    private byte[] message() {
        byte[] message = new byte[random.nextInt(100)];
        random.nextBytes(message);
        return message;
    }

    /** Flips one to three random bits in bytes [from, to) (nothing if the range is empty). */
    private void flip(byte[] bytes, int from, int to) {
        if (to <= from) {
            return;
        }
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            bytes[from + random.nextInt(to - from)] ^= (byte) (1 << random.nextInt(8));
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
