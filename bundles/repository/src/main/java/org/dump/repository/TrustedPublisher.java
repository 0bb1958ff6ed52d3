package org.dump.repository;

import java.util.Objects;

/**
 * A publisher whose signed modules this node installs.
 *
 * @param name the administrator's name for it, e.g. {@code dump-development}
 * @param publicKey its Ed25519 public key, base64 of the 32 raw bytes
 * @param fingerprint the key's fingerprint, the id the publisher is known by
 */
public record TrustedPublisher(String name, String publicKey, String fingerprint) {

    public TrustedPublisher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
