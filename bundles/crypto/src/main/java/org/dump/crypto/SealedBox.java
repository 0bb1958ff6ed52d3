package org.dump.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * Data sealed to a node's key, so that only that node reads it, whoever carries it (a relay, a proxy). The sender
 * needs nothing but the recipient's Ed25519 public key, which peers already pin: its X25519 form
 * ({@link Ed25519PublicKey#x25519()}) is the recipient key of HPKE (RFC 9180) in base mode with the suite
 * DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / ChaCha20-Poly1305 (ids 0x0020, 0x0001, 0x0003). Sealed bytes are
 * {@code enc} (32 bytes, the sender's ephemeral X25519 key) followed by the ciphertext with its 16-byte tag.
 * <p>
 * HPKE's {@code info} is the UTF-8 of {@value #INFO_PREFIX} and the caller's purpose, so that bytes sealed for one
 * use never open for another; the caller's {@code aad} binds the box to its context (e.g. the request it answers).
 * The sender is not authenticated here: whoever sealed the bytes signs the message that carries them.
 */
public final class SealedBox {

    /** Length of {@code enc}, the sender's ephemeral X25519 public key, at the start of sealed bytes. */
    public static final int ENC_LENGTH = 32;
    /** Length of the ChaCha20-Poly1305 tag at the end of sealed bytes. */
    public static final int TAG_LENGTH = 16;
    /** Bytes that sealing adds to the plaintext. */
    public static final int OVERHEAD = ENC_LENGTH + TAG_LENGTH;
    /** What every {@code info} starts with, before the purpose. */
    public static final String INFO_PREFIX = "DUMP sealed box: ";

    private SealedBox() {
    }

    /**
     * @param recipient whose node alone can open the result
     * @param purpose   what the sealed data is, e.g. {@code profile answer}; the same one opens it
     * @param aad       bound to the box but not in it: the receiver must present the same bytes to open it; null is
     *                  taken as empty
     * @return {@code enc ‖ ciphertext}, {@link #OVERHEAD} bytes longer than {@code plaintext}
     */
    public static byte[] seal(Ed25519PublicKey recipient, String purpose, byte[] plaintext, byte[] aad) {
        X25519PublicKeyParameters recipientKey = new X25519PublicKeyParameters(recipient.x25519(), 0);
        byte[][] ciphertextAndEnc;
        try {
            ciphertextAndEnc = suite().seal(recipientKey, info(purpose), orEmpty(aad), plaintext, null, null, null);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 refused to seal", e);
        }
        byte[] ciphertext = ciphertextAndEnc[0];
        byte[] enc = ciphertextAndEnc[1];
        byte[] sealed = Arrays.copyOf(enc, ENC_LENGTH + ciphertext.length);
        System.arraycopy(ciphertext, 0, sealed, ENC_LENGTH, ciphertext.length);
        return sealed;
    }

    /**
     * @param recipient the key pair whose public key the bytes were sealed to
     * @param aad       the same bytes as at sealing (null is taken as empty)
     * @throws SealedBoxException if the bytes are too short, or do not open with this key, purpose and aad
     */
    public static byte[] open(Ed25519KeyPair recipient, String purpose, byte[] sealed, byte[] aad)
            throws SealedBoxException {
        if (sealed == null || sealed.length < OVERHEAD) {
            throw new SealedBoxException("sealed bytes are at least " + OVERHEAD + " bytes long (" + ENC_LENGTH
                    + " of enc, " + TAG_LENGTH + " of tag); these are " + (sealed == null ? 0 : sealed.length));
        }
        byte[] scalar = recipient.x25519PrivateKey();
        try {
            X25519PrivateKeyParameters privateKey = new X25519PrivateKeyParameters(scalar, 0);
            AsymmetricCipherKeyPair keys = new AsymmetricCipherKeyPair(privateKey.generatePublicKey(), privateKey);
            return suite().open(Arrays.copyOf(sealed, ENC_LENGTH), keys, info(purpose), orEmpty(aad),
                    Arrays.copyOfRange(sealed, ENC_LENGTH, sealed.length), null, null, null);
        } catch (InvalidCipherTextException | RuntimeException e) {
            // A changed tag, ciphertext, aad, purpose or key all look alike; an enc of small order makes X25519
            // give zero, which Bouncy Castle refuses with an IllegalStateException.
            throw new SealedBoxException("the sealed bytes do not open: not sealed to this node's key for this "
                    + "purpose and context, or changed on the way", e);
        } finally {
            Arrays.fill(scalar, (byte) 0);
        }
    }

    /** A new instance each time: HPKE keeps no state between calls, but promises no thread safety either. */
    private static HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_CHACHA20_POLY1305);
    }

    private static byte[] orEmpty(byte[] aad) {
        return aad == null ? new byte[0] : aad;
    }

    private static byte[] info(String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw new IllegalArgumentException("a sealed box needs a purpose");
        }
        return (INFO_PREFIX + purpose).getBytes(StandardCharsets.UTF_8);
    }
}
