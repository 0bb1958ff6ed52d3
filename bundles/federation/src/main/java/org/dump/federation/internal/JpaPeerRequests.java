package org.dump.federation.internal;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.dump.federation.PeerRequest;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The requests of nodes to be taken as peers while this node approves peers by hand, in DUMP_PEER_REQUEST: one per
 * node, pending or refused. At most {@link #MAX_PENDING} are pending at a time, so that hellos from many made-up
 * nodes cannot fill the database; refused ones stay, so that a refused node's hellos keep being answered so.
 */
@Component(service = JpaPeerRequests.class)
public final class JpaPeerRequests {

    static final int MAX_PENDING = 100;

    private final Transactions transactions;
    private final Clock clock;

    @Activate
    public JpaPeerRequests(@Reference(target = "(osgi.unit.name=" + JpaPeerDirectory.UNIT + ")")
            EntityManagerFactory factory,
            @Reference DatabaseSpace space) {
        this(new Transactions(factory, space), Clock.systemUTC());
    }

    JpaPeerRequests(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Keeps the hello of the node {@code card} describes (its signature checked by the caller).
     *
     * @return the request as stored, or empty if it is new and {@link #MAX_PENDING} requests wait already
     */
    Optional<PeerRequest> hello(NodeCard card, URI url) {
        return transactions.write(manager -> {
            PeerRequestEntity known = manager.find(PeerRequestEntity.class, card.id());
            if (known != null) {
                known.said(card, url, clock.instant());
                return Optional.of(known.toRequest());
            }
            long pending = manager.createQuery("SELECT COUNT(r) FROM PeerRequestEntity r WHERE r.state = :pending",
                    Long.class).setParameter("pending", PeerRequest.State.PENDING.name()).getSingleResult();
            if (pending >= MAX_PENDING) {
                return Optional.empty();
            }
            PeerRequestEntity request = new PeerRequestEntity(card, url, clock.instant());
            manager.persist(request);
            return Optional.of(request.toRequest());
        });
    }

    /** @return how many requests are pending (at most {@link #MAX_PENDING}) */
    long pending() {
        return transactions.read(manager -> manager.createQuery(
                "SELECT COUNT(r) FROM PeerRequestEntity r WHERE r.state = :pending", Long.class)
                .setParameter("pending", PeerRequest.State.PENDING.name()).getSingleResult());
    }

    /** @return every request, the latest hello first */
    List<PeerRequest> list() {
        return transactions.read(manager -> manager.createQuery(
                "SELECT r FROM PeerRequestEntity r ORDER BY r.lastMillis DESC", PeerRequestEntity.class)
                .getResultList().stream().map(PeerRequestEntity::toRequest).toList());
    }

    /** @return the request of that node id, or from that address */
    Optional<PeerRequest> find(String nodeIdOrUrl) {
        return transactions.read(manager -> lookUp(manager, nodeIdOrUrl).map(PeerRequestEntity::toRequest));
    }

    /** @return the request as refused, if there is one */
    Optional<PeerRequest> refuse(String nodeIdOrUrl) {
        return transactions.write(manager -> lookUp(manager, nodeIdOrUrl).map(request -> {
            request.refused();
            return request.toRequest();
        }));
    }

    /** Forgets the request of {@code nodeId} (it is a peer now). */
    void remove(String nodeId) {
        transactions.write(manager -> {
            PeerRequestEntity request = manager.find(PeerRequestEntity.class, nodeId);
            if (request != null) {
                manager.remove(request);
            }
            return null;
        });
    }

    private static Optional<PeerRequestEntity> lookUp(EntityManager manager, String nodeIdOrUrl) {
        PeerRequestEntity byId = manager.find(PeerRequestEntity.class, nodeIdOrUrl);
        if (byId != null) {
            return Optional.of(byId);
        }
        String url;
        try {
            url = PeerAddresses.baseOf(URI.create(nodeIdOrUrl)).toString();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return manager.createQuery("SELECT r FROM PeerRequestEntity r WHERE r.url = :url", PeerRequestEntity.class)
                .setParameter("url", url).getResultList().stream().findFirst();
    }
}
