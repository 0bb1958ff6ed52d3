package org.dump.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.dump.crypto.internal.Ed25519Rule;

/**
 * An Ed25519 public key: what a node or publisher shows the world, and the only thing needed to check what it
 * signed. Immutable and safe to share between threads.
 */
public final class Ed25519PublicKey {

    /** Length of a raw Ed25519 public key in bytes. */
    public static final int LENGTH = Ed25519PublicKeyParameters.KEY_SIZE;

    /** Length of an Ed25519 signature in bytes. */
    public static final int SIGNATURE_LENGTH = org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters.SIGNATURE_SIZE;

    /** The prime of the field both Curve25519 forms are defined over: 2^255 − 19. */
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    /** Bytes of SHA-256 kept in a fingerprint: 160 bits, written as 32 base32 characters. */
    private static final int FINGERPRINT_BYTES = 20;

    private final byte[] raw;
    // Bouncy Castle caches the decoded curve point here, which makes repeated verifications cheaper.
    private final Ed25519PublicKeyParameters parameters;

    private Ed25519PublicKey(byte[] raw) {
        this.raw = raw;
        this.parameters = new Ed25519PublicKeyParameters(raw, 0);
    }

    /**
     * @param raw the 32 bytes of the key as RFC 8032 encodes it
     * @throws IllegalArgumentException if the bytes are not a valid Ed25519 public key
     */
    public static Ed25519PublicKey fromRaw(byte[] raw) {
        if (raw == null || raw.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has " + LENGTH + " bytes");
        }
        if (!Ed25519.validatePublicKeyFull(raw, 0)) {
            throw new IllegalArgumentException("not a valid Ed25519 public key");
        }
        return new Ed25519PublicKey(raw.clone());
    }

    /**
     * @param base64 the key's 32 bytes in standard base64, as {@link #base64()} writes them
     * @throws IllegalArgumentException if the text is not base64 or not a valid key
     */
    public static Ed25519PublicKey fromBase64(String base64) {
        if (base64 == null) {
            throw new IllegalArgumentException("no public key given");
        }
        return fromRaw(Base64.getDecoder().decode(base64.trim()));
    }

    /**
     * Reads the X.509 SubjectPublicKeyInfo form, the one Java's {@code PublicKey.getEncoded()} gives.
     *
     * @return the key, or null if the bytes are not an Ed25519 public key (another algorithm, or not a key at all)
     */
    static Ed25519PublicKey fromSubjectPublicKeyInfo(byte[] encoded) {
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(encoded);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return key instanceof Ed25519PublicKeyParameters ? fromRaw(((Ed25519PublicKeyParameters) key).getEncoded())
                : null;
    }

    /** @return a copy of the 32 raw bytes */
    public byte[] raw() {
        return raw.clone();
    }

    /** @return the 32 raw bytes themselves, for this package's own read-only use (no copy per signature) */
    byte[] rawShared() {
        return raw;
    }

    /**
     * The X25519 public key of the same key pair: the Montgomery u = (1 + y) / (1 − y) mod p of this key's Edwards
     * point, 32 bytes little-endian, as libsodium's {@code crypto_sign_ed25519_pk_to_curve25519} computes it. It
     * lets others seal data to a node ({@link SealedBox}) knowing only the key they already pinned for it. The key
     * was fully validated when this object was made (a point of prime order, never the neutral element), so y ≠ 1
     * and the result is never a point of small order. Public values only: no need for constant time.
     *
     * @return a fresh copy of the 32 bytes
     */
    public byte[] x25519() {
        byte[] littleEndian = raw.clone();
        littleEndian[LENGTH - 1] &= 0x7F; // the sign of x, not part of y
        BigInteger y = new BigInteger(1, reversed(littleEndian));
        BigInteger u = BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).modInverse(P)).mod(P);
        byte[] bigEndian = u.toByteArray();
        byte[] encoded = new byte[LENGTH];
        for (int i = 0; i < LENGTH && i < bigEndian.length; i++) {
            encoded[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return encoded;
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] reversed = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            reversed[i] = bytes[bytes.length - 1 - i];
        }
        return reversed;
    }

    /** @return the key in standard base64 (44 characters) */
    public String base64() {
        return Base64.getEncoder().encodeToString(raw);
    }

    /**
     * A short, stable name for this key: the first 160 bits of its SHA-256, in lower-case base32 (32 characters).
     * Node ids and publisher ids are fingerprints, so an id can only be claimed by whoever holds the private key.
     */
    public String fingerprint() {
        return Identifiers.base32(Digests.sha256(raw), FINGERPRINT_BYTES);
    }

    /**
     * @return true only if {@code signature} is this key's Ed25519 signature of exactly {@code message}, under the
     *         one rule of docs/protocol.md ("Which signatures are valid"), the rule a {@link SignatureBatch} holds too
     */
    public boolean verify(byte[] message, byte[] signature) {
        if (message == null || signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        if (Ed25519Rule.bouncyCastleDecides(signature)) {
            return parameters.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
        }
        return Ed25519Rule.cofactored(raw, message, signature);
    }


    @Override
    public boolean equals(Object other) {
        return other instanceof Ed25519PublicKey && Arrays.equals(raw, ((Ed25519PublicKey) other).raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + fingerprint() + "]";
    }
}
