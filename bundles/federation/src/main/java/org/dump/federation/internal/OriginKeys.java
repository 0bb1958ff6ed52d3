package org.dump.federation.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.persistence.EntityManagerFactory;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.Transactions;
import org.dump.node.record.OriginKeyDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The keys of the origins whose records this node passes on: its own, its peers' pinned keys, and the keys that
 * came with records from further away (each checked against its origin id when it arrived). Other nodes need them
 * to check the records this node sends. Learned keys are kept in DUMP_ORIGIN_KEY, so they outlive a restart.
 */
@Component(service = {OriginKeys.class, OriginKeyDirectory.class})
public final class OriginKeys implements OriginKeyDirectory {

    private final PeerDirectory peers;
    private final Transactions transactions;
    private final Map<String, Ed25519PublicKey> learned = new ConcurrentHashMap<>();
    /**
     * The stored keys are read on first use, not at activation: that is the federation database's first use, and
     * activation runs on the node's start path.
     */
    private volatile boolean loaded;

    @Activate
    public OriginKeys(@Reference NodeIdentity identity, @Reference PeerDirectory peers,
            @Reference(target = "(osgi.unit.name=" + JpaPeerDirectory.UNIT + ")") EntityManagerFactory factory,
            @Reference DatabaseSpace space) {
        this(identity, peers, new Transactions(factory, space));
    }

    OriginKeys(NodeIdentity identity, PeerDirectory peers, Transactions transactions) {
        this.peers = peers;
        this.transactions = transactions;
        learned.put(identity.id(), identity.publicKey());
    }

    private void loadOnce() {
        if (!loaded) {
            synchronized (learned) {
                if (!loaded) {
                    transactions.read(manager -> manager.createQuery("SELECT k FROM OriginKeyEntity k",
                            OriginKeyEntity.class).getResultList())
                            .forEach(k -> learned.putIfAbsent(k.nodeId(), Ed25519PublicKey.fromBase64(k.publicKey())));
                    loaded = true;
                }
            }
        }
    }

    /** Remembers keys that came with records; each must be the key whose fingerprint is its origin id. */
    void learn(Map<String, Ed25519PublicKey> keys) {
        loadOnce();
        Map<String, Ed25519PublicKey> fresh = new java.util.HashMap<>();
        keys.forEach((origin, key) -> {
            if (key.fingerprint().equals(origin) && learned.putIfAbsent(origin, key) == null) {
                fresh.put(origin, key);
            }
        });
        if (!fresh.isEmpty()) {
            transactions.write(manager -> {
                fresh.forEach((origin, key) -> {
                    if (manager.find(OriginKeyEntity.class, origin) == null) {
                        manager.persist(new OriginKeyEntity(origin, key.base64()));
                    }
                });
                return null;
            });
        }
    }

    @Override
    public Optional<Ed25519PublicKey> keyOf(String origin) {
        return of(origin);
    }

    Optional<Ed25519PublicKey> of(String origin) {
        loadOnce();
        Ed25519PublicKey key = learned.get(origin);
        if (key != null) {
            return Optional.of(key);
        }
        return peers.find(origin).map(Peer::publicKey).map(Ed25519PublicKey::fromBase64);
    }

    /** @return a view for encoding records: origin id → key, for the origins this node knows */
    Map<String, Ed25519PublicKey> forRecords(Iterable<String> origins) {
        Map<String, Ed25519PublicKey> keys = new java.util.HashMap<>();
        for (String origin : origins) {
            of(origin).ifPresent(key -> keys.put(origin, key));
        }
        return keys;
    }
}
