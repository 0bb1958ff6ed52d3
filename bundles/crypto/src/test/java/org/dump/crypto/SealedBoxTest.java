package org.dump.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.Test;

public class SealedBoxTest {

    private static final String PURPOSE = "profile answer";
    private static final byte[] PROFILE = "{\"displayName\":\"Adam\",\"email\":\"adam@example.org\"}".getBytes(UTF_8);
    private static final byte[] AAD = "request\n1\nnode".getBytes(UTF_8);

    private final Ed25519KeyPair receiver = Ed25519KeyPair.generate();

    @Test
    public void whatIsSealedToAKeyOpensWithItsKeyPair() throws SealedBoxException {
        byte[] sealed = SealedBox.seal(receiver.publicKey(), PURPOSE, PROFILE, AAD);

        assertEquals(PROFILE.length + SealedBox.OVERHEAD, sealed.length);
        assertFalse("the plaintext does not show", new String(sealed, UTF_8).contains("Adam"));
        assertArrayEquals(PROFILE, SealedBox.open(receiver, PURPOSE, sealed, AAD));
        assertArrayEquals(new byte[0], SealedBox.open(receiver, PURPOSE,
                SealedBox.seal(receiver.publicKey(), PURPOSE, new byte[0], AAD), AAD));
    }

    @Test
    public void eachSealingIsFresh() {
        byte[] first = SealedBox.seal(receiver.publicKey(), PURPOSE, PROFILE, AAD);
        byte[] second = SealedBox.seal(receiver.publicKey(), PURPOSE, PROFILE, AAD);

        assertFalse(Arrays.equals(Arrays.copyOf(first, 32), Arrays.copyOf(second, 32)));
    }

    /** The format is plain RFC 9180: Bouncy Castle's HPKE opens it with the X25519 key alone. */
    @Test
    public void itIsHpkeBaseModeWithX25519HkdfSha256AndChaCha20Poly1305() throws Exception {
        byte[] sealed = SealedBox.seal(receiver.publicKey(), PURPOSE, PROFILE, AAD);
        X25519PrivateKeyParameters key = new X25519PrivateKeyParameters(receiver.x25519PrivateKey(), 0);
        HPKE hpke = new HPKE(HPKE.mode_base, (short) 0x0020, (short) 0x0001, (short) 0x0003);

        byte[] opened = hpke.open(Arrays.copyOf(sealed, 32), new AsymmetricCipherKeyPair(key.generatePublicKey(), key),
                "DUMP sealed box: profile answer".getBytes(UTF_8), AAD, Arrays.copyOfRange(sealed, 32, sealed.length),
                null, null, null);

        assertArrayEquals(PROFILE, opened);
    }

    /**
     * The vector of docs/protocol.md §7.5: the key of Appendix A (seed 00 01 … 1f), the ephemeral X25519 key
     * 20 21 … 3f. Checked against a second implementation of RFC 9180 written from the RFC (Python, pyca/cryptography for X25519
     * and ChaCha20-Poly1305 only).
     */
    @Test
    public void theDocumentedVectorOpens() throws SealedBoxException {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) i;
        }
        Ed25519KeyPair node = X25519ConversionTest.fromSeed(seed);
        byte[] sealed = Base64.getDecoder().decode("NYBy1jZYgNGu6jKa35EhODhR7SGijjt16WXQ0s0WYlQrUxUNVcswomf7"
                + "rXDsyv8ccJ1z5MQ13YZRtemRtAmmvmq97BKfaOyPTlLYh8T2gpy3m3mN7F/gThYABGt70zD17r03hNcaCQlyMaGhwMAbs"
                + "GhnMi8+A9hSN9ZnK36p1riMLlhjuNc=");
        byte[] aad = "aaaaaaaaaaaaaaaaaaaaaaaaaa\n1\nkzdvvj2umnduyauf35o36k6kw462mujv".getBytes(UTF_8);

        assertEquals("4701d08488451f545a409fb58ae3e58581ca40ac3f7f114698cd71deac73ca01",
                HexFormat.of().formatHex(node.publicKey().x25519()));
        assertEquals("{\"displayName\":\"Adam\",\"email\":\"adam@example.org\","
                + "\"updated\":\"2026-12-04T18:57:00.900Z\"}",
                new String(SealedBox.open(node, PURPOSE, sealed, aad), UTF_8));
    }

    @Test
    public void anotherKeyPairCannotOpenIt() {
        byte[] sealed = SealedBox.seal(receiver.publicKey(), PURPOSE, PROFILE, AAD);

        SealedBoxException refused = assertThrows(SealedBoxException.class,
                () -> SealedBox.open(Ed25519KeyPair.generate(), PURPOSE, sealed, AAD));
        assertTrue(refused.getMessage(), refused.getMessage().contains("do not open"));
    }

    @Test
    public void aFlippedBitAnywhereOrAnotherContextKeepsItShut() {
        byte[] sealed = SealedBox.seal(receiver.publicKey(), PURPOSE, PROFILE, AAD);
        for (int i = 0; i < sealed.length; i++) {
            byte[] flipped = sealed.clone();
            flipped[i] ^= (byte) (1 << (i % 8));
            assertThrows("bit flipped in byte " + i, SealedBoxException.class,
                    () -> SealedBox.open(receiver, PURPOSE, flipped, AAD));
        }
        for (int i = 0; i < AAD.length; i++) {
            byte[] otherAad = AAD.clone();
            otherAad[i] ^= 1;
            assertThrows("aad bit flipped in byte " + i, SealedBoxException.class,
                    () -> SealedBox.open(receiver, PURPOSE, sealed, otherAad));
        }
        assertThrows(SealedBoxException.class, () -> SealedBox.open(receiver, PURPOSE, sealed, new byte[0]));
        assertThrows(SealedBoxException.class, () -> SealedBox.open(receiver, "another purpose", sealed, AAD));
    }

    @Test
    public void anEncOfSmallOrderIsRefused() {
        byte[] sealed = SealedBox.seal(receiver.publicKey(), PURPOSE, PROFILE, AAD);
        Arrays.fill(sealed, 0, 32, (byte) 0); // u = 0: X25519 with it gives zero
        sealed[0] = 0;

        assertThrows(SealedBoxException.class, () -> SealedBox.open(receiver, PURPOSE, sealed, AAD));
        sealed[0] = 1; // u = 1, order 4
        assertThrows(SealedBoxException.class, () -> SealedBox.open(receiver, PURPOSE, sealed, AAD));
    }

    @Test
    public void truncatedBytesAreRefusedSayingSo() {
        byte[] sealed = SealedBox.seal(receiver.publicKey(), PURPOSE, PROFILE, AAD);

        for (int length : new int[] {0, 31, 32, SealedBox.OVERHEAD - 1}) {
            SealedBoxException tooShort = assertThrows(SealedBoxException.class,
                    () -> SealedBox.open(receiver, PURPOSE, Arrays.copyOf(sealed, length), AAD));
            assertTrue(tooShort.getMessage(), tooShort.getMessage().contains("at least 48 bytes")
                    && tooShort.getMessage().contains("these are " + length));
        }
        assertThrows(SealedBoxException.class, () -> SealedBox.open(receiver, PURPOSE, null, AAD));
        // Long enough to be a box, but its end is cut off: the tag no longer matches.
        assertThrows(SealedBoxException.class,
                () -> SealedBox.open(receiver, PURPOSE, Arrays.copyOf(sealed, sealed.length - 1), AAD));
    }

    @Test
    public void noAadIsAnEmptyAad() throws SealedBoxException {
        byte[] sealed = SealedBox.seal(receiver.publicKey(), PURPOSE, PROFILE, null);

        assertArrayEquals(PROFILE, SealedBox.open(receiver, PURPOSE, sealed, new byte[0]));
        assertThrows(SealedBoxException.class, () -> SealedBox.open(receiver, PURPOSE, sealed, AAD));
    }

    @Test
    public void aPurposeIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> SealedBox.seal(receiver.publicKey(), " ", PROFILE, AAD));
    }
}
