package org.dump.federation.internal;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

import java.time.Clock;

import org.dump.api.node.LocalNode;
import org.dump.node.identity.NodeIdentity;
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
    private final NodeIdentity identity;
    private final Clock clock;
    /** The relay address; null while the node is reached at its public base URL. */
    private final AtomicReference<URI> relayed = new AtomicReference<>();
    /** This node's signed word on its address: made anew at each change. */
    private final AtomicReference<AddressStatement> statement = new AtomicReference<>();

    @Activate
    public AdvertisedAddress(@Reference LocalNode node, @Reference NodeIdentity identity) {
        this(node, identity, Clock.systemUTC());
    }

    AdvertisedAddress(LocalNode node, NodeIdentity identity, Clock clock) {
        this.node = node;
        this.identity = identity;
        this.clock = clock;
        statement.set(AddressStatement.of(identity, node.publicBaseUrl(), clock.instant()));
    }

    /** @return where this node is to be sent requests now */
    URI current() {
        return statement().address();
    }

    /** @return this node's signed word on {@link #current()} */
    AddressStatement statement() {
        URI address = relayed.get() != null ? relayed.get() : node.publicBaseUrl();
        return statement.updateAndGet(said -> said.address().equals(address) ? said
                : AddressStatement.of(identity, address, clock.instant()));
    }

    /** @return whether the address changed */
    boolean relayedAt(URI address) {
        boolean changed = !address.equals(relayed.getAndSet(address));
        statement();
        return changed;
    }

    /** @return whether the address changed */
    boolean direct() {
        boolean changed = relayed.getAndSet(null) != null;
        statement();
        return changed;
    }

    URI publicBaseUrl() {
        return node.publicBaseUrl();
    }
}
