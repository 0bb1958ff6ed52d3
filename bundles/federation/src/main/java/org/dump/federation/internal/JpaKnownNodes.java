package org.dump.federation.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.persistence.EntityManagerFactory;

import org.dump.federation.KnownNode;
import org.dump.federation.KnownNodes;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The nodes peers told of, in DUMP_KNOWN_NODE: at most {@link #MAX_KNOWN}, the oldest forgotten first. */
@Component(service = {KnownNodes.class, JpaKnownNodes.class})
public final class JpaKnownNodes implements KnownNodes {

    static final int MAX_KNOWN = 1000;

    /** An introduction: where a peer says a node answers, and what it says the node is (checked like a front door). */
    record Introduction(URI url, NodeCard card) {
    }

    private final Transactions transactions;
    private final NodeIdentity identity;
    private final PeerDirectory peers;
    private final Clock clock;

    @Activate
    public JpaKnownNodes(@Reference(target = "(osgi.unit.name=" + JpaPeerDirectory.UNIT + ")") EntityManagerFactory factory,
            @Reference DatabaseSpace space,
            @Reference NodeIdentity identity, @Reference PeerDirectory peers) {
        this(new Transactions(factory, space), identity, peers, Clock.systemUTC());
    }

    JpaKnownNodes(Transactions transactions, NodeIdentity identity, PeerDirectory peers, Clock clock) {
        this.transactions = transactions;
        this.identity = identity;
        this.peers = peers;
        this.clock = clock;
    }

    @Override
    public List<KnownNode> list() {
        Set<String> peerIds = peerIds();
        return transactions.read(manager -> manager.createQuery(
                        "SELECT k FROM KnownNodeEntity k ORDER BY k.learnedMillis DESC", KnownNodeEntity.class)
                .getResultList().stream().map(KnownNodeEntity::toKnownNode)
                .filter(known -> !peerIds.contains(known.nodeId())).toList());
    }

    /** @return how many nodes are known, peers among them (at most {@link #MAX_KNOWN}) */
    long count() {
        return transactions.read(manager -> manager.createQuery("SELECT COUNT(k) FROM KnownNodeEntity k", Long.class)
                .getSingleResult());
    }

    private Set<String> peerIds() {
        return peers.list().stream().map(Peer::nodeId).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Keeps what peer {@code by} says of other nodes; this node itself and its peers are left out. A node already
     * known keeps its key: an introduction with another key for the same id cannot be (the id is the key's
     * fingerprint, which {@link NodeFrontDoor#card} checked).
     *
     * @return how many nodes were new here
     */
    int learn(String by, List<Introduction> introductions) {
        Instant now = clock.instant();
        Set<String> peerIds = peerIds();
        return transactions.write(manager -> {
            int fresh = 0;
            for (Introduction introduction : introductions) {
                String id = introduction.card().id();
                if (id.equals(identity.id()) || id.equals(by) || peerIds.contains(id)) {
                    continue;
                }
                KnownNodeEntity entity = manager.find(KnownNodeEntity.class, id);
                if (entity == null) {
                    entity = new KnownNodeEntity(id);
                    entity.introduced(introduction.card(), introduction.url(), by, now);
                    manager.persist(entity);
                    fresh++;
                } else {
                    entity.introduced(introduction.card(), introduction.url(), by, now);
                }
            }
            List<KnownNodeEntity> all = manager.createQuery(
                    "SELECT k FROM KnownNodeEntity k ORDER BY k.learnedMillis DESC", KnownNodeEntity.class)
                    .getResultList();
            all.stream().skip(MAX_KNOWN).forEach(manager::remove);
            return fresh;
        });
    }

    /**
     * @param modules module ids this node runs
     * @return known nodes, not peers, that run one of {@code modules} and may be tried now ({@link #tried}), newest
     *         first
     */
    List<KnownNode> candidates(Set<String> modules) {
        Set<String> peerIds = peerIds();
        Instant now = clock.instant();
        List<KnownNode> newestFirst = transactions.read(manager -> manager.createQuery(
                        "SELECT k FROM KnownNodeEntity k WHERE (k.retryMillis IS NULL AND (k.lastTriedMillis IS NULL"
                                + " OR k.lastTriedMillis < :hourAgo)) OR k.retryMillis <= :now"
                                + " ORDER BY k.learnedMillis DESC", KnownNodeEntity.class)
                .setParameter("hourAgo", now.minus(PeerView.RETRY_REFUSED).toEpochMilli())
                .setParameter("now", now.toEpochMilli()).getResultList().stream()
                .map(KnownNodeEntity::toKnownNode).toList());
        return PeerChoice.candidates(newestFirst, KnownNode::nodeId, KnownNode::modules, peerIds, modules);
    }

    /**
     * Notes that this node tried to take {@code nodeId} as a peer, and why that failed (or null).
     *
     * @param retry when it is a candidate again (peers are never candidates)
     */
    void tried(String nodeId, String error, Duration retry) {
        Instant now = clock.instant();
        transactions.write(manager -> {
            KnownNodeEntity entity = manager.find(KnownNodeEntity.class, nodeId);
            if (entity != null) {
                entity.tried(now, error, now.plus(retry));
            }
            return null;
        });
    }

    /** Moves a peer that failed back among the known nodes (HyParView's passive view), a candidate after {@code retry}. */
    void formerPeer(Peer peer, String why, Duration retry) {
        Instant now = clock.instant();
        transactions.write(manager -> {
            KnownNodeEntity entity = manager.find(KnownNodeEntity.class, peer.nodeId());
            if (entity == null) {
                entity = new KnownNodeEntity(peer.nodeId());
                entity.formerPeer(peer, identity.id(), now, now.plus(retry), why);
                manager.persist(entity);
            } else {
                entity.formerPeer(peer, identity.id(), now, now.plus(retry), why);
            }
            return null;
        });
    }
}
