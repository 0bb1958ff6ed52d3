package org.dump.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;

import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.junit.Test;

/**
 * The X25519 form of Ed25519 keys ({@link Ed25519PublicKey#x25519()}, {@link Ed25519KeyPair#x25519PrivateKey()}):
 * checked against Bouncy Castle's own X25519 (the public key our conversion computes from the Edwards point must be
 * the one X25519 computes from the derived scalar), against libsodium's published conversion, and on the base
 * points of RFC 8032 and RFC 7748.
 */
public class X25519ConversionTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    public void theConvertedPublicKeyIsTheOneX25519ComputesFromTheDerivedScalar() {
        for (int i = 0; i < 500; i++) {
            Ed25519KeyPair keys = Ed25519KeyPair.generate();
            byte[] scalar = keys.x25519PrivateKey();
            byte[] expected = new X25519PrivateKeyParameters(scalar, 0).generatePublicKey().getEncoded();

            assertArrayEquals("key " + keys.publicKey().base64(), expected, keys.publicKey().x25519());
        }
    }

    @Test
    public void theScalarIsTheClampedFirstHalfOfSha512OfTheSeed() {
        byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"); // RFC 8032 7.1
        byte[] hash = new byte[64];
        SHA512Digest sha512 = new SHA512Digest();
        sha512.update(seed, 0, seed.length);
        sha512.doFinal(hash, 0);
        byte[] unclamped = Arrays.copyOf(hash, 32);

        byte[] scalar = fromSeed(seed).x25519PrivateKey();

        assertEquals(unclamped[0] & 248, scalar[0] & 0xFF);
        assertEquals((unclamped[31] & 127) | 64, scalar[31] & 0xFF);
        assertArrayEquals(Arrays.copyOfRange(unclamped, 1, 31), Arrays.copyOfRange(scalar, 1, 31));
        // X25519 clamps by itself: the unclamped half gives the same public key.
        assertArrayEquals(new X25519PrivateKeyParameters(unclamped, 0).generatePublicKey().getEncoded(),
                fromSeed(seed).publicKey().x25519());
    }

    /** libsodium's test/default/ed25519_convert.c and its expected output, ed25519_convert.exp. */
    @Test
    public void libsodiumsConversionVector() {
        Ed25519KeyPair keys = fromSeed(
                HEX.parseHex("421151a459faeade3d247115f94aedae42318124095afabe4d1451a559faedee"));

        assertEquals("f1814f0e8ff1043d8a44d25babff3cedcae6c22c3edaa48f857ae70de2baae50",
                HEX.formatHex(keys.publicKey().x25519()));
        assertEquals("8052030376d47112be7f73ed7a019293dd12ad910b654455798b4667d73de166",
                HEX.formatHex(keys.x25519PrivateKey()));
    }

    /** The base point of Ed25519 (RFC 8032, y = 4/5) is the base point of X25519 (RFC 7748, u = 9). */
    @Test
    public void theEdwardsBasePointBecomesUNine() {
        Ed25519PublicKey base = Ed25519PublicKey
                .fromRaw(HEX.parseHex("5866666666666666666666666666666666666666666666666666666666666666"));
        byte[] nine = new byte[32];
        nine[0] = 9;

        assertArrayEquals(nine, base.x25519());
    }

    /** The neutral element (y = 1, where 1 − y has no inverse) and points of small order never become keys. */
    @Test
    public void keysOfSmallOrderAreRefusedBeforeAnyConversion() {
        for (String smallOrder : new String[] {
                "0100000000000000000000000000000000000000000000000000000000000000", // neutral, order 1
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = −1, order 2
                "0000000000000000000000000000000000000000000000000000000000000000", // y = 0, order 4
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
        }) {
            assertThrows(smallOrder, IllegalArgumentException.class,
                    () -> Ed25519PublicKey.fromRaw(HEX.parseHex(smallOrder)));
        }
    }

    static Ed25519KeyPair fromSeed(byte[] seed) {
        try {
            return Ed25519KeyPair.fromPkcs8(
                    PrivateKeyInfoFactory.createPrivateKeyInfo(new Ed25519PrivateKeyParameters(seed, 0)).getEncoded());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
