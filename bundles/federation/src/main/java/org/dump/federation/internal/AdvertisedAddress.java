package org.dump.federation.internal;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

import org.dump.api.node.LocalNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Where this node tells other nodes to send it requests (its hellos, protocol §7.4): its public base URL, or its
 * address at a relay while it cannot be reached there ({@link NodeReachability}).
 */
@Component(service = AdvertisedAddress.class)
public final class AdvertisedAddress {

    private final LocalNode node;
    /** The relay address; null while the node is reached at its public base URL. */
    private final AtomicReference<URI> relayed = new AtomicReference<>();

    @Activate
    public AdvertisedAddress(@Reference LocalNode node) {
        this.node = node;
    }

    /** @return where this node is to be sent requests now */
    URI current() {
        URI relay = relayed.get();
        return relay != null ? relay : node.publicBaseUrl();
    }

    /** @return whether the address changed */
    boolean relayedAt(URI address) {
        return !address.equals(relayed.getAndSet(address));
    }

    /** @return whether the address changed */
    boolean direct() {
        return relayed.getAndSet(null) != null;
    }

    URI publicBaseUrl() {
        return node.publicBaseUrl();
    }
}
