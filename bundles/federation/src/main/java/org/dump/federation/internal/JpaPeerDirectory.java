package org.dump.federation.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.dump.federation.Mutuality;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.federation.PeerOrigin;
import org.dump.federation.PeerRefusedException;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peers of this node, in DUMP_PEER, each checked at its front door before it is kept. Its configuration is the
 * federation's main one, which other components read too (seeds: {@link MutualPeering}; hellos:
 * {@link PeerAdmission}; backing off: {@link PeerStanding}).
 */
@Component(service = {PeerDirectory.class, JpaPeerDirectory.class}, configurationPid = JpaPeerDirectory.PID)
@Designate(ocd = FederationConfig.class)
public final class JpaPeerDirectory implements PeerDirectory {

    static final String PID = "org.dump.federation";
    static final String UNIT = "dump-federation";

    private static final Logger LOG = LoggerFactory.getLogger(JpaPeerDirectory.class);

    private final Transactions transactions;
    private final NodeIdentity identity;
    private final Clock clock;
    private volatile NodeFrontDoor frontDoor;
    /** The bundle's HTTP client, for a new front door when the configuration changes (null in tests). */
    private PeerClient client;

    @Activate
    public JpaPeerDirectory(@Reference(target = "(osgi.unit.name=" + UNIT + ")") EntityManagerFactory factory,
            @Reference DatabaseSpace space,
            @Reference NodeIdentity identity, @Reference PeerClient client, FederationConfig config) {
        this(new Transactions(factory, space), identity, frontDoorOf(client, config), Clock.systemUTC());
        this.client = client;
    }

    JpaPeerDirectory(Transactions transactions, NodeIdentity identity, NodeFrontDoor frontDoor, Clock clock) {
        this.transactions = transactions;
        this.identity = identity;
        this.frontDoor = frontDoor;
        this.clock = clock;
    }

    /** The other settings of this configuration are read where they are used; changing them restarts nothing. */
    @Modified
    void modified(FederationConfig config) {
        if (client != null) {
            frontDoor = frontDoorOf(client, config);
        }
    }

    private static NodeFrontDoor frontDoorOf(PeerClient client, FederationConfig config) {
        return new NodeFrontDoor(client, Duration.ofSeconds(Math.max(1, config.contactTimeoutSeconds())));
    }

    /** An administrator's peer. Refuses a node that is a peer already at another address: only one moves a peer. */
    @Override
    public Peer add(URI url) {
        return add(url, false, PeerOrigin.ADMIN);
    }

    /** As {@link #add(URI)}, for a peer taken by the node itself; a peer already keeps its origin. */
    Peer add(URI url, PeerOrigin origin) {
        return add(url, false, origin);
    }

    /**
     * As {@link #add}, but a peer that now answers at another address keeps its pinned key and moves there: for the
     * administrator's own {@code dump:peer-add}. Never for what other nodes say (a hello, an introduction): anyone can
     * serve a copy of a peer's public front door, and must not be able to move that peer.
     */
    Peer addOrMove(URI url) {
        return add(url, true, PeerOrigin.ADMIN);
    }

    private Peer add(URI url, boolean move, PeerOrigin origin) {
        URI base = PeerAddresses.baseOf(url);
        NodeCard card = frontDoor.read(base);
        if (card.id().equals(identity.id())) {
            throw new PeerRefusedException(base + " is this node itself");
        }
        String pinned = transactions.read(manager -> byUrl(manager, base.toString())
                .filter(peer -> !peer.nodeId().equals(card.id())).map(PeerEntity::nodeId).orElse(null));
        if (pinned != null) {
            String error = base + " now presents node " + card.id() + " with another key than the one pinned for "
                    + pinned + ": refused; remove the peer and add it again if that is intended";
            update(pinned, peer -> peer.failed(error));
            throw new PeerRefusedException(error);
        }
        return transactions.write(manager -> {
            PeerEntity known = manager.find(PeerEntity.class, card.id());
            if (known == null) {
                PeerEntity added = new PeerEntity(base, card, clock.instant(), origin);
                manager.persist(added);
                LOG.info("New peer {} ({}) at {}, running {}", card.id(), card.name(), base, card.modules());
                return added.toPeer();
            }
            if (!known.url().equals(base.toString())) {
                if (!move) {
                    throw new PeerRefusedException("node " + card.id() + " is a peer already, at " + known.url());
                }
                LOG.info("Peer {} moves from {} to {}, where it presents its pinned key", card.id(), known.url(), base);
                known.movedTo(base);
            }
            known.contacted(card, clock.instant());
            if (move) {
                known.pinned(); // dump:peer-add of a peer the node took by itself: the administrator's now
            }
            return known.toPeer();
        });
    }

    @Override
    public List<Peer> list() {
        return transactions.read(manager -> manager.createQuery("SELECT p FROM PeerEntity p ORDER BY p.url",
                PeerEntity.class).getResultList().stream().map(PeerEntity::toPeer).toList());
    }

    @Override
    public Optional<Peer> find(String nodeIdOrUrl) {
        return transactions.read(manager -> lookUp(manager, nodeIdOrUrl).map(PeerEntity::toPeer));
    }

    @Override
    public boolean remove(String nodeIdOrUrl) {
        return transactions.write(manager -> lookUp(manager, nodeIdOrUrl).map(peer -> {
            manager.remove(peer);
            LOG.info("Peer {} at {} removed", peer.nodeId(), peer.url());
            return true;
        }).orElse(false));
    }

    @Override
    public void refresh() {
        for (Peer peer : list()) {
            NodeCard card;
            try {
                card = frontDoor.read(peer.url());
            } catch (PeerRefusedException e) {
                update(peer.nodeId(), entity -> entity.failed(e.getMessage()));
                continue;
            }
            if (!card.id().equals(peer.nodeId()) || !card.publicKey().equals(peer.publicKey())) {
                String error = peer.url() + " now presents node " + card.id() + " with another key than the one "
                        + "pinned: refused; remove the peer and add it again if that is intended";
                LOG.warn("Peer {}: {}", peer.nodeId(), error);
                update(peer.nodeId(), entity -> entity.failed(error));
            } else {
                update(peer.nodeId(), entity -> entity.contacted(card, clock.instant()));
            }
        }
    }

    @Override
    public void exchanged(String nodeId, long recordsIn, long recordsOut, String error) {
        update(nodeId, peer -> peer.exchanged(recordsIn, recordsOut, error, clock.instant()));
    }

    @Override
    public void misbehaved(String nodeId, long count, String what) {
        update(nodeId, peer -> peer.misbehaved(count, what));
    }

    @Override
    public void synced(String nodeId) {
        update(nodeId, peer -> peer.synced(clock.instant()));
    }

    /** @return what the node at {@code url} says of itself, checked ({@link NodeFrontDoor}); nothing is stored */
    NodeCard card(URI url) {
        return frontDoor.read(PeerAddresses.baseOf(url));
    }

    /**
     * Moves the peer {@code nodeId} to {@code url}, which it named itself in a hello signed with its pinned key (it
     * now answers through a relay, or directly again): only if {@code url} presents that very key, and is no other
     * peer's address.
     *
     * @throws PeerRefusedException saying why not
     */
    Peer moveAsItSays(String nodeId, URI url) {
        URI base = PeerAddresses.baseOf(url);
        NodeCard card = frontDoor.read(base);
        return transactions.write(manager -> {
            PeerEntity known = manager.find(PeerEntity.class, nodeId);
            if (known == null || !card.id().equals(nodeId) || !card.publicKey().equals(known.toPeer().publicKey())) {
                throw new PeerRefusedException(base + " does not present the key pinned for node " + nodeId);
            }
            if (byUrl(manager, base.toString()).filter(other -> !other.nodeId().equals(nodeId)).isPresent()) {
                throw new PeerRefusedException(base + " is the address of another peer of this node");
            }
            LOG.info("Peer {} moves from {} to {}, as it says in a signed hello", nodeId, known.url(), base);
            known.movedTo(base);
            known.contacted(card, clock.instant());
            return known.toPeer();
        });
    }

    /** Notes what {@code nodeId} runs now, as it told this node in a signed request ({@link ModuleNews}). */
    void runs(String nodeId, List<String> modules) {
        update(nodeId, peer -> peer.runs(modules, clock.instant()));
    }

    /** Notes whether {@code nodeId} takes this node as its peer ({@link PeerStanding}). */
    void mutuality(String nodeId, Mutuality mutuality, String note) {
        update(nodeId, peer -> peer.mutuality(mutuality, note));
    }

    private void update(String nodeId, Consumer<PeerEntity> change) {
        transactions.write(manager -> {
            PeerEntity entity = manager.find(PeerEntity.class, nodeId);
            if (entity != null) {
                change.accept(entity);
            }
            return null;
        });
    }

    private Optional<PeerEntity> lookUp(EntityManager manager, String nodeIdOrUrl) {
        PeerEntity byId = manager.find(PeerEntity.class, nodeIdOrUrl);
        if (byId != null) {
            return Optional.of(byId);
        }
        try {
            return byUrl(manager, PeerAddresses.baseOf(new URI(nodeIdOrUrl)).toString());
        } catch (URISyntaxException | PeerRefusedException e) {
            return Optional.empty();
        }
    }

    private static Optional<PeerEntity> byUrl(EntityManager manager, String url) {
        return manager.createQuery("SELECT p FROM PeerEntity p WHERE p.url = :url", PeerEntity.class)
                .setParameter("url", url).getResultList().stream().findFirst();
    }
}
