package org.dump.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.util.Collections;

/**
 * A publisher's Ed25519 key as kept in a PKCS#12 keystore, the form {@code keytool} makes and {@code jarsigner}
 * uses. Reading it here lets the same key sign a repository's index that signs its bundles.
 */
public final class PublisherKeystore {

    private PublisherKeystore() {
    }

    /**
     * @param password the keystore's password, which PKCS#12 also uses for the key
     * @return the key pair under {@code alias}
     * @throws IOException              if the file is missing or not a keystore
     * @throws GeneralSecurityException a wrong password ({@link UnrecoverableKeyException}), no key under the alias,
     *                                  a key that is not Ed25519, or a certificate that does not belong to the key
     */
    public static Ed25519KeyPair read(Path keystore, char[] password, String alias)
            throws IOException, GeneralSecurityException {
        KeyStore store = load(keystore, password);
        Key key;
        try {
            key = store.getKey(alias, password);
        } catch (UnrecoverableKeyException e) {
            throw wrongPassword(keystore, e);
        }
        if (!(key instanceof PrivateKey)) {
            throw new KeyStoreException("keystore " + keystore + " holds no private key under the alias '" + alias
                    + "' (aliases: " + String.join(", ", Collections.list(store.aliases())) + ")");
        }
        Ed25519KeyPair keyPair;
        try {
            keyPair = Ed25519KeyPair.fromPkcs8(key.getEncoded());
        } catch (IllegalArgumentException e) {
            throw new KeyStoreException("the key '" + alias + "' in " + keystore + " is a " + key.getAlgorithm()
                    + " key; a DUMP publisher signs with Ed25519 (keytool -keyalg Ed25519)", e);
        }
        checkCertificate(store.getCertificate(alias), keyPair, keystore, alias);
        return keyPair;
    }

    private static KeyStore load(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(keystore.toString(), null, "no such keystore");
        } catch (IOException e) {
            // KeyStore reports a wrong password as an IOException caused by an UnrecoverableKeyException.
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw wrongPassword(keystore, e);
            }
            throw new IOException(keystore + " is not a PKCS#12 keystore: " + e.getMessage(), e);
        }
        return store;
    }

    /** A keystore whose certificate shows another key would make jarsigner sign with a key the index does not name. */
    private static void checkCertificate(Certificate certificate, Ed25519KeyPair keyPair, Path keystore, String alias)
            throws KeyStoreException {
        Ed25519PublicKey shown = certificate == null ? null
                : Ed25519PublicKey.fromSubjectPublicKeyInfo(certificate.getPublicKey().getEncoded());
        if (!keyPair.publicKey().equals(shown)) {
            throw new KeyStoreException("the certificate under '" + alias + "' in " + keystore
                    + " is not the certificate of its key");
        }
    }

    private static UnrecoverableKeyException wrongPassword(Path keystore, Exception cause) {
        UnrecoverableKeyException wrong = new UnrecoverableKeyException("wrong password for keystore " + keystore);
        wrong.initCause(cause);
        return wrong;
    }
}
