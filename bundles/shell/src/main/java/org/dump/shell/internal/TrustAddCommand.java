package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.repository.PublisherTrust;
import org.dump.repository.TrustedPublisher;

/** {@code dump:trust-add NAME KEY}: trusts a module publisher. */
@Service
@Command(scope = "dump", name = "trust-add", description = "Trusts a module publisher: its signed modules can be "
        + "installed and update themselves. Kept in etc/org.dump.repository.trust.cfg.")
public class TrustAddCommand implements Action {

    @Argument(index = 0, name = "name", required = true, description = "A name for the publisher, e.g. acme")
    String name;

    @Argument(index = 1, name = "key", required = true,
            description = "The publisher's Ed25519 public key, base64 (the publisher.key file of its repository)")
    String key;

    @Reference
    PublisherTrust trust;

    @Override
    public Object execute() {
        TrustedPublisher publisher = trust.add(name.strip(), key.strip());
        System.out.println("Publisher " + publisher.name() + " (" + publisher.fingerprint() + ") is trusted.");
        return null;
    }
}
