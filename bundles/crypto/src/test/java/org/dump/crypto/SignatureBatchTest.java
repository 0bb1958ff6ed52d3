package org.dump.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.Test;

public class SignatureBatchTest {

    /** 2^252 + 27742317777372353535851937790883648493, the group order. */
    private static final BigInteger L = BigInteger.TWO.pow(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));

    private final Random random = new Random(20261122);
    private final List<Ed25519KeyPair> origins = List.of(Ed25519KeyPair.generate(), Ed25519KeyPair.generate(),
            Ed25519KeyPair.generate());

    private record Signed(Ed25519PublicKey key, byte[] message, byte[] signature) {
    }

    @Test
    public void batchesOfValidSignaturesPassWhateverTheirSize() {
        // Sizes on both sides of every bucket width the multi-scalar multiplication switches at.
        for (int size : new int[] {0, 1, 2, 15, 16, 63, 64, 255, 256, 700, 1100}) {
            assertTrue("batch of " + size, batch(signed(size, 1)).allValid());
        }
        assertTrue("three origins mixed", batch(signed(300, 3)).allValid());
    }

    @Test
    public void oneBadSignatureAnywhereFailsTheBatch() {
        for (int round = 0; round < 20; round++) {
            List<Signed> signed = signed(100, 2);
            int victim = random.nextInt(signed.size());
            Signed good = signed.get(victim);
            byte[] message = good.message().clone();
            byte[] signature = good.signature().clone();
            switch (round % 5) {
                case 0 -> message[random.nextInt(message.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> signature[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8)); // R
                case 2 -> signature[32 + random.nextInt(31)] ^= (byte) (1 << random.nextInt(8)); // s
                case 3 -> signature = Ed25519KeyPair.generate().sign(message); // another key's signature
                default -> message = "Adam sells shoes".getBytes(UTF_8);
            }
            signed.set(victim, new Signed(good.key(), message, signature));
            assertFalse("round " + round, batch(signed).allValid());
            assertFalse(good.key().verify(message, signature));
        }
    }

    @Test
    public void malformedSignaturesFailTheBatch() {
        Signed good = signed(1, 1).get(0);
        // s + L names the same scalar, but RFC 8032 requires s < L (no malleable second form).
        BigInteger s = littleEndian(good.signature(), 32);
        byte[] highS = good.signature().clone();
        System.arraycopy(toLittleEndian(s.add(L)), 0, highS, 32, 32);
        assertFalse(batchOf(good, highS).allValid());
        assertFalse(good.key().verify(good.message(), highS));
        // R whose y is not below p.
        byte[] highR = good.signature().clone();
        System.arraycopy(toLittleEndian(BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(18))), 0, highR, 0, 32);
        assertFalse(batchOf(good, highR).allValid());
        assertFalse(batchOf(good, new byte[63]).allValid());
        assertFalse(batchOf(good, null).allValid());
        assertFalse(new SignatureBatch().add(good.key(), null, good.signature()).allValid());
    }

    @Test
    public void aBatchOfOneAgreesWithTheSingleCheckOnRandomDamage() {
        int valid = 0;
        for (int round = 0; round < 400; round++) {
            Signed signed = signed(1, 1).get(0);
            byte[] signature = signed.signature().clone();
            if (round % 4 != 0) {
                signature[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
            }
            boolean single = signed.key().verify(signed.message(), signature);
            assertEquals("round " + round, single, batchOf(signed, signature).allValid());
            valid += single ? 1 : 0;
        }
        assertEquals(100, valid);
    }

    private List<Signed> signed(int count, int originCount) {
        List<Signed> signed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Ed25519KeyPair origin = origins.get(i % originCount);
            byte[] message = ("listing " + i + " " + random.nextLong()).getBytes(UTF_8);
            signed.add(new Signed(origin.publicKey(), message, origin.sign(message)));
        }
        return signed;
    }

    private static SignatureBatch batch(List<Signed> signed) {
        SignatureBatch batch = new SignatureBatch();
        signed.forEach(s -> batch.add(s.key(), s.message(), s.signature()));
        assertEquals(signed.size(), batch.size());
        return batch;
    }

    private static SignatureBatch batchOf(Signed signed, byte[] signature) {
        return new SignatureBatch().add(signed.key(), signed.message(), signature);
    }

    private static BigInteger littleEndian(byte[] bytes, int offset) {
        byte[] big = new byte[32];
        for (int i = 0; i < 32; i++) {
            big[31 - i] = bytes[offset + i];
        }
        return new BigInteger(1, big);
    }

    private static byte[] toLittleEndian(BigInteger value) {
        byte[] big = value.toByteArray();
        byte[] little = new byte[32];
        for (int i = 0; i < 32 && i < big.length; i++) {
            little[i] = big[big.length - 1 - i];
        }
        return little;
    }
}
