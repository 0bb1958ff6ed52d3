package org.dump.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Base64;

import org.junit.Test;

public class Ed25519Test {

    private final Ed25519KeyPair keyPair = Ed25519KeyPair.generate();

    @Test
    public void aSignatureVerifiesWithTheSigningKeyOnly() {
        byte[] message = "Adam sells socks".getBytes(UTF_8);
        byte[] signature = keyPair.sign(message);

        assertEquals(64, signature.length);
        assertTrue(keyPair.publicKey().verify(message, signature));
        assertFalse(Ed25519KeyPair.generate().publicKey().verify(message, signature));
    }

    @Test
    public void anAlteredMessageOrSignatureFailsVerification() {
        byte[] message = "Adam sells socks".getBytes(UTF_8);
        byte[] signature = keyPair.sign(message);

        byte[] alteredMessage = "Adam sells shoes".getBytes(UTF_8);
        assertFalse(keyPair.publicKey().verify(alteredMessage, signature));

        byte[] alteredSignature = signature.clone();
        alteredSignature[10] ^= 1;
        assertFalse(keyPair.publicKey().verify(message, alteredSignature));
        assertFalse(keyPair.publicKey().verify(message, new byte[3]));
        assertFalse(keyPair.publicKey().verify(message, null));
    }

    @Test
    public void rfc8032TestVectorOne() {
        // RFC 8032, section 7.1, TEST 1: the empty message.
        Ed25519PublicKey key = Ed25519PublicKey.fromRaw(hex(
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        byte[] signature = hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertTrue(key.verify(new byte[0], signature));
    }

    @Test
    public void aPublicKeySurvivesBase64() {
        Ed25519PublicKey key = keyPair.publicKey();
        Ed25519PublicKey back = Ed25519PublicKey.fromBase64(key.base64());

        assertEquals(key, back);
        assertEquals(key.hashCode(), back.hashCode());
        assertEquals(44, key.base64().length());
    }

    @Test
    public void malformedPublicKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromRaw(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromBase64("not base64!"));
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromBase64(null));
        // 32 bytes that do not encode a point on the curve
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        java.util.Arrays.fill(notAPoint, 1, 31, (byte) 0xff);
        notAPoint[31] = 0x7f;
        assertThrows(IllegalArgumentException.class,
                () -> Ed25519PublicKey.fromBase64(Base64.getEncoder().encodeToString(notAPoint)));
    }

    @Test
    public void theFingerprintIsStableAndDiffersBetweenKeys() {
        String fingerprint = keyPair.publicKey().fingerprint();

        assertEquals(32, fingerprint.length());
        assertTrue(fingerprint.matches("[a-z2-7]{32}"));
        assertEquals(fingerprint, Ed25519PublicKey.fromRaw(keyPair.publicKey().raw()).fingerprint());
        assertNotEquals(fingerprint, Ed25519KeyPair.generate().publicKey().fingerprint());
    }

    @Test
    public void theFingerprintIsTheBase32OfTheKeysSha256() throws Exception {
        Ed25519PublicKey key = Ed25519PublicKey.fromRaw(hex(
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.raw());
        assertEquals(org.dump.crypto.internal.Base32.encode(java.util.Arrays.copyOf(digest, 20)), key.fingerprint());
    }

    @Test
    public void aKeyPairSurvivesPem() {
        Ed25519KeyPair back = Ed25519KeyPair.fromPem(keyPair.toPem());
        byte[] message = "same key".getBytes(UTF_8);

        assertEquals(keyPair.publicKey(), back.publicKey());
        assertTrue(keyPair.publicKey().verify(message, back.sign(message)));
    }

    @Test
    public void garbagePemIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Ed25519KeyPair.fromPem("hello"));
        assertThrows(IllegalArgumentException.class,
                () -> Ed25519KeyPair.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
    }

    static byte[] hex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
