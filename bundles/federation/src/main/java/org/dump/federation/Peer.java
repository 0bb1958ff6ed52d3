package org.dump.federation;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Another node, as this node knows it.
 *
 * @param url           where it answers (its public base URL)
 * @param nodeId        its node id: the fingerprint of {@code publicKey}
 * @param publicKey     its Ed25519 key in base64, pinned when it was first contacted
 * @param name          the name its administrator gave it
 * @param modules       the modules it ran when last contacted, as {@code id@dataVersion}
 * @param added         when it became a peer
 * @param lastContact   when it last answered, or null
 * @param lastError     why the last contact failed, or null if it succeeded
 * @param recordsIn     records received from it
 * @param recordsOut    records sent to it
 * @param refusals      what it sent that this node refused: records that did not verify, malformed bodies, requests
 *                      over its limits
 * @param lastSync      when an anti-entropy round with it last ran to its end, or null
 * @param mutuality     whether it takes this node as its peer in turn
 * @param mutualityNote why it does not, or why that is not known, for the administrator; null if nothing to say
 * @param origin        how it became a peer: only one the node took by itself is ever dropped by it
 */
public record Peer(URI url, String nodeId, String publicKey, String name, List<String> modules, Instant added,
        Instant lastContact, String lastError, long recordsIn, long recordsOut, long refusals, Instant lastSync,
        Mutuality mutuality, String mutualityNote, PeerOrigin origin) {

    public Peer {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(publicKey, "publicKey");
        modules = List.copyOf(modules);
        mutuality = mutuality == null ? Mutuality.UNKNOWN : mutuality;
        origin = origin == null ? PeerOrigin.ADMIN : origin;
    }

    /** A peer an administrator added (the record as it was before origins). */
    public Peer(URI url, String nodeId, String publicKey, String name, List<String> modules, Instant added,
            Instant lastContact, String lastError, long recordsIn, long recordsOut, long refusals, Instant lastSync,
            Mutuality mutuality, String mutualityNote) {
        this(url, nodeId, publicKey, name, modules, added, lastContact, lastError, recordsIn, recordsOut, refusals,
                lastSync, mutuality, mutualityNote, PeerOrigin.ADMIN);
    }

    /** A peer whose mutuality is not known (the record as it was before mutuality). */
    public Peer(URI url, String nodeId, String publicKey, String name, List<String> modules, Instant added,
            Instant lastContact, String lastError, long recordsIn, long recordsOut, long refusals, Instant lastSync) {
        this(url, nodeId, publicKey, name, modules, added, lastContact, lastError, recordsIn, recordsOut, refusals,
                lastSync, Mutuality.UNKNOWN, null, PeerOrigin.ADMIN);
    }

    /** @return whether the last contact succeeded */
    public boolean reachable() {
        return lastContact != null && lastError == null;
    }

    /** @return whether it takes this node as its peer, as far as this node knows */
    public boolean mutual() {
        return mutuality == Mutuality.MUTUAL;
    }
}
