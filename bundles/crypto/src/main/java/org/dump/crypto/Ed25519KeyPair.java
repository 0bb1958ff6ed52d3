package org.dump.crypto;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 key pair: the private half signs, the public half is shown to others. The private key never leaves
 * this class except as the PKCS#8 text that {@link KeyFile} writes to a file only its owner can read.
 * Signing is thread-safe.
 */
public final class Ed25519KeyPair {

    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKey publicKey;

    private Ed25519KeyPair(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = Ed25519PublicKey.fromRaw(privateKey.generatePublicKey().getEncoded());
    }

    /** @return a fresh key pair from a strong random source */
    public static Ed25519KeyPair generate() {
        return new Ed25519KeyPair(new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** @return the 64-byte Ed25519 signature of {@code message} */
    public byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519PublicKey.SIGNATURE_LENGTH];
        privateKey.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
        return signature;
    }

    /**
     * The X25519 private key of the same key pair, for {@link SealedBox}: the first 32 bytes of SHA-512 of the
     * Ed25519 seed, clamped, as libsodium's {@code crypto_sign_ed25519_sk_to_curve25519} computes it (the scalar
     * Ed25519 itself signs with, so its X25519 public key is {@link Ed25519PublicKey#x25519()}).
     *
     * @return a fresh array, which the caller should fill with zeros once done
     */
    byte[] x25519PrivateKey() {
        byte[] seed = privateKey.getEncoded();
        byte[] hash = new byte[64];
        SHA512Digest sha512 = new SHA512Digest();
        sha512.update(seed, 0, seed.length);
        sha512.doFinal(hash, 0);
        byte[] scalar = Arrays.copyOf(hash, 32);
        Arrays.fill(seed, (byte) 0);
        Arrays.fill(hash, (byte) 0);
        scalar[0] &= (byte) 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
        return scalar;
    }

    /** The private key as PEM-wrapped PKCS#8, the form OpenSSL and most tools read. */
    String toPem() {
        try {
            byte[] der = PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey).getEncoded();
            return PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n"
                    + PEM_END + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("could not encode an Ed25519 private key", e);
        }
    }

    /**
     * @throws IllegalArgumentException if the text is not a PEM PKCS#8 Ed25519 private key
     */
    static Ed25519KeyPair fromPem(String pem) {
        int begin = pem.indexOf(PEM_BEGIN);
        int end = pem.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no '" + PEM_BEGIN + "' block found");
        }
        String body = pem.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a readable PKCS#8 private key: " + e.getMessage(), e);
        }
        return fromPkcs8(der);
    }

    /**
     * Reads a DER PKCS#8 private key, the form Java's {@code PrivateKey.getEncoded()} gives for a key from a
     * keystore (for Ed25519 it holds the 32-byte seed).
     *
     * @throws IllegalArgumentException if the bytes are not a PKCS#8 Ed25519 private key
     */
    static Ed25519KeyPair fromPkcs8(byte[] der) {
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(der));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a readable PKCS#8 private key: " + e.getMessage(), e);
        }
        if (!(key instanceof Ed25519PrivateKeyParameters)) {
            throw new IllegalArgumentException("the key is not an Ed25519 key but " + key.getClass().getSimpleName());
        }
        return new Ed25519KeyPair((Ed25519PrivateKeyParameters) key);
    }
}
