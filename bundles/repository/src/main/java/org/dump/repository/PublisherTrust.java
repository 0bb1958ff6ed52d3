package org.dump.repository;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The publishers this node trusts, kept in {@code etc/org.dump.repository.trust.cfg}. Removing one stops installs
 * and updates of its modules; what is installed stays.
 */
@ProviderType
public interface PublisherTrust {

    /** Names are letters, digits, dots, dashes and underscores. */
    String NAME_PATTERN = "[A-Za-z0-9._-]{1,64}";

    List<TrustedPublisher> list();

    /** @return the trusted publisher with this key fingerprint */
    Optional<TrustedPublisher> byFingerprint(String fingerprint);

    /**
     * Trusts a publisher from now on.
     *
     * @throws IllegalArgumentException if the name or the key is malformed, or the name is taken by another key
     */
    TrustedPublisher add(String name, String publicKey);

    /** @return whether a publisher with this name or fingerprint was trusted */
    boolean remove(String nameOrFingerprint);
}
