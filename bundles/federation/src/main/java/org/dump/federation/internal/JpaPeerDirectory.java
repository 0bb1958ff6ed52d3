package org.dump.federation.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.federation.PeerRefusedException;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.persistence.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The peers of this node, in DUMP_PEER, each checked at its front door before it is kept. */
@Component(service = PeerDirectory.class, configurationPid = JpaPeerDirectory.PID)
@Designate(ocd = JpaPeerDirectory.Config.class)
public final class JpaPeerDirectory implements PeerDirectory {

    static final String PID = "org.dump.federation";
    static final String UNIT = "dump-federation";

    @ObjectClassDefinition(name = "DUMP federation", description = "The peers of this node.")
    public @interface Config {

        @AttributeDefinition(name = "Seed peers", required = false,
                description = "Addresses of nodes to add as peers when the node starts, e.g. http://peer.example:8181/")
        String[] seedPeers() default {};

        @AttributeDefinition(name = "Contact timeout (seconds)", min = "1",
                description = "How long to wait for a peer to connect and to answer.")
        int contactTimeoutSeconds() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(JpaPeerDirectory.class);

    private final Transactions transactions;
    private final NodeIdentity identity;
    private final NodeFrontDoor frontDoor;
    private final Clock clock;
    private final ExecutorService seeding = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "dump-peer-seeds");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public JpaPeerDirectory(@Reference(target = "(osgi.unit.name=" + UNIT + ")") EntityManagerFactory factory,
            @Reference NodeIdentity identity, Config config) {
        this(new Transactions(factory), identity, new NodeFrontDoor(Duration.ofSeconds(Math.max(1,
                config.contactTimeoutSeconds()))), Clock.systemUTC());
        for (String seed : config.seedPeers()) {
            if (!seed.isBlank()) {
                seeding.execute(() -> addSeed(seed.strip()));
            }
        }
    }

    JpaPeerDirectory(Transactions transactions, NodeIdentity identity, NodeFrontDoor frontDoor, Clock clock) {
        this.transactions = transactions;
        this.identity = identity;
        this.frontDoor = frontDoor;
        this.clock = clock;
    }

    @Deactivate
    void stop() {
        seeding.shutdownNow();
    }

    @Override
    public Peer add(URI url) {
        URI base = baseOf(url);
        NodeCard card = frontDoor.read(base);
        if (card.id().equals(identity.id())) {
            throw new PeerRefusedException(base + " is this node itself");
        }
        String pinned = transactions.read(manager -> byUrl(manager, base.toString())
                .filter(peer -> !peer.nodeId().equals(card.id())).map(PeerEntity::nodeId).orElse(null));
        if (pinned != null) {
            String error = base + " now presents node " + card.id() + " with another key than the one pinned for "
                    + pinned + ": refused; remove the peer and add it again if that is intended";
            noteFailure(pinned, error);
            throw new PeerRefusedException(error);
        }
        return transactions.write(manager -> {
            PeerEntity known = manager.find(PeerEntity.class, card.id());
            if (known != null && !known.url().equals(base.toString())) {
                throw new PeerRefusedException("node " + card.id() + " is already a peer at " + known.url());
            }
            if (known == null) {
                PeerEntity added = new PeerEntity(base, card, clock.instant());
                manager.persist(added);
                LOG.info("New peer {} ({}) at {}, running {}", card.id(), card.name(), base, card.modules());
                return added.toPeer();
            }
            known.contacted(card, clock.instant());
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
            String error = null;
            try {
                card = frontDoor.read(peer.url());
                if (!card.id().equals(peer.nodeId()) || !card.publicKey().equals(peer.publicKey())) {
                    error = peer.url() + " now presents node " + card.id() + " with another key than the one pinned: "
                            + "refused; remove the peer and add it again if that is intended";
                    LOG.warn("Peer {}: {}", peer.nodeId(), error);
                }
            } catch (PeerRefusedException e) {
                card = null;
                error = e.getMessage();
            }
            if (error != null) {
                noteFailure(peer.nodeId(), error);
            } else {
                NodeCard seen = card;
                transactions.write(manager -> {
                    PeerEntity entity = manager.find(PeerEntity.class, peer.nodeId());
                    if (entity != null) {
                        entity.contacted(seen, clock.instant());
                    }
                    return null;
                });
            }
        }
    }

    @Override
    public void exchanged(String nodeId, long recordsIn, long recordsOut, String error) {
        transactions.write(manager -> {
            PeerEntity entity = manager.find(PeerEntity.class, nodeId);
            if (entity != null) {
                entity.exchanged(recordsIn, recordsOut, error, clock.instant());
            }
            return null;
        });
    }

    @Override
    public void misbehaved(String nodeId, long count, String what) {
        transactions.write(manager -> {
            PeerEntity entity = manager.find(PeerEntity.class, nodeId);
            if (entity != null) {
                entity.misbehaved(count, what);
            }
            return null;
        });
    }

    @Override
    public void synced(String nodeId) {
        transactions.write(manager -> {
            PeerEntity entity = manager.find(PeerEntity.class, nodeId);
            if (entity != null) {
                entity.synced(clock.instant());
            }
            return null;
        });
    }

    private void noteFailure(String nodeId, String error) {
        transactions.write(manager -> {
            PeerEntity entity = manager.find(PeerEntity.class, nodeId);
            if (entity != null) {
                entity.failed(error);
            }
            return null;
        });
    }

    private void addSeed(String seed) {
        try {
            Peer peer = add(URI.create(seed));
            LOG.info("Seed peer {} is node {}", seed, peer.nodeId());
        } catch (RuntimeException e) {
            LOG.warn("Seed peer {} not added: {}", seed, e.getMessage());
        }
    }

    private Optional<PeerEntity> lookUp(EntityManager manager, String nodeIdOrUrl) {
        PeerEntity byId = manager.find(PeerEntity.class, nodeIdOrUrl);
        if (byId != null) {
            return Optional.of(byId);
        }
        try {
            return byUrl(manager, baseOf(new URI(nodeIdOrUrl)).toString());
        } catch (URISyntaxException | PeerRefusedException e) {
            return Optional.empty();
        }
    }

    private static Optional<PeerEntity> byUrl(EntityManager manager, String url) {
        return manager.createQuery("SELECT p FROM PeerEntity p WHERE p.url = :url", PeerEntity.class)
                .setParameter("url", url).getResultList().stream().findFirst();
    }

    /** @return the node's base URL: http or https, a host, the path ending in a slash, no query */
    static URI baseOf(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new PeerRefusedException("a peer's address is an http:// or https:// URL with a host: " + url);
        }
        String path = url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath();
        try {
            return new URI(scheme, null, url.getHost().toLowerCase(java.util.Locale.ROOT), url.getPort(),
                    path.endsWith("/") ? path : path + "/", null, null);
        } catch (URISyntaxException e) {
            throw new PeerRefusedException("not a usable address: " + url);
        }
    }
}
