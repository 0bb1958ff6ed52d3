package org.dump.repository.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.repository.PublisherTrust;
import org.dump.repository.TrustedPublisher;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trusted publishers, read from and written to the configuration {@value #PID} ({@code etc/} file of that
 * name): one property {@code publisher.NAME = base64 key} each. Read from ConfigurationAdmin at every use rather
 * than once, so that a publisher removed by editing the file is distrusted at once, without a restart.
 */
@Component(service = PublisherTrust.class)
public final class TrustedPublishers implements PublisherTrust {

    static final String PID = "org.dump.repository.trust";
    static final String PREFIX = "publisher.";
    private static final Logger LOG = LoggerFactory.getLogger(TrustedPublishers.class);

    private final ConfigurationAdmin configurations;

    @Activate
    public TrustedPublishers(@Reference ConfigurationAdmin configurations) {
        this.configurations = configurations;
    }

    @Override
    public List<TrustedPublisher> list() {
        Dictionary<String, Object> properties = properties();
        List<TrustedPublisher> publishers = new ArrayList<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String name = key.substring(PREFIX.length());
            try {
                Ed25519PublicKey publicKey = Ed25519PublicKey.fromBase64(String.valueOf(properties.get(key)).strip());
                publishers.add(new TrustedPublisher(name, publicKey.base64(), publicKey.fingerprint()));
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignoring trusted publisher {} in {}: {}", name, PID, e.getMessage());
            }
        }
        publishers.sort(Comparator.comparing(TrustedPublisher::name));
        return publishers;
    }

    @Override
    public Optional<TrustedPublisher> byFingerprint(String fingerprint) {
        return list().stream().filter(p -> p.fingerprint().equals(fingerprint)).findFirst();
    }

    @Override
    public synchronized TrustedPublisher add(String name, String publicKey) {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("a publisher name is 1 to 64 letters, digits, dots, dashes or "
                    + "underscores: " + name);
        }
        Ed25519PublicKey key = Ed25519PublicKey.fromBase64(publicKey == null ? null : publicKey.strip());
        for (TrustedPublisher known : list()) {
            if (known.name().equals(name) && !known.fingerprint().equals(key.fingerprint())) {
                throw new IllegalArgumentException("the name " + name + " is taken by publisher "
                        + known.fingerprint() + "; remove it first or choose another name");
            }
        }
        Dictionary<String, Object> properties = properties();
        properties.put(PREFIX + name, key.base64());
        store(properties);
        LOG.info("Publisher {} ({}) is trusted from now on", name, key.fingerprint());
        return new TrustedPublisher(name, key.base64(), key.fingerprint());
    }

    @Override
    public synchronized boolean remove(String nameOrFingerprint) {
        Optional<TrustedPublisher> publisher = list().stream()
                .filter(p -> p.name().equals(nameOrFingerprint) || p.fingerprint().equals(nameOrFingerprint))
                .findFirst();
        if (publisher.isEmpty()) {
            return false;
        }
        Dictionary<String, Object> properties = properties();
        properties.remove(PREFIX + publisher.get().name());
        store(properties);
        LOG.info("Publisher {} ({}) is no longer trusted: no installs or updates of its modules",
                publisher.get().name(), publisher.get().fingerprint());
        return true;
    }

    private Dictionary<String, Object> properties() {
        try {
            Configuration configuration = configurations.getConfiguration(PID, "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            return properties == null ? new Hashtable<>() : copy(properties);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read configuration " + PID + ": " + e.getMessage(), e);
        }
    }

    private void store(Dictionary<String, Object> properties) {
        try {
            configurations.getConfiguration(PID, "?").update(properties);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write configuration " + PID + ": " + e.getMessage(), e);
        }
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }
}
