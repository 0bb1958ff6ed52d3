package org.dump.federation.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.identity.NodeIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The keys of the origins whose records this node passes on: its own, its peers' pinned keys, and the keys that
 * came with records from further away (each checked against its origin id when it arrived). Other nodes need them
 * to check the records this node sends. Kept in memory: after a restart, keys of far origins come back with the
 * next records from them.
 */
@Component(service = OriginKeys.class)
public final class OriginKeys {

    private final PeerDirectory peers;
    private final Map<String, Ed25519PublicKey> learned = new ConcurrentHashMap<>();

    @Activate
    public OriginKeys(@Reference NodeIdentity identity, @Reference PeerDirectory peers) {
        this.peers = peers;
        learned.put(identity.id(), identity.publicKey());
    }

    void learn(Map<String, Ed25519PublicKey> keys) {
        learned.putAll(keys);
    }

    Optional<Ed25519PublicKey> of(String origin) {
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
