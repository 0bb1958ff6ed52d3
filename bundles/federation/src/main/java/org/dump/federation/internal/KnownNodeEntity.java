package org.dump.federation.internal;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.dump.federation.KnownNode;
import org.dump.federation.Peer;

/** A node a peer told of, as stored in DUMP_KNOWN_NODE. */
@Entity
@Table(name = "DUMP_KNOWN_NODE")
public class KnownNodeEntity {

    @Id
    @Column(name = "NODE_ID", length = 64)
    private String nodeId;

    @Column(name = "PUBLIC_KEY", nullable = false, length = 100)
    private String publicKey;

    @Column(name = "URL", nullable = false, length = PeerEntity.MAX_URL)
    private String url;

    @Column(name = "NAME", length = 200)
    private String name;

    @Column(name = "MODULES", length = 2000)
    private String modules;

    @Column(name = "INTRODUCED_BY", nullable = false, length = 64)
    private String introducedBy;

    @Column(name = "LEARNED_MILLIS", nullable = false)
    private long learnedMillis;

    @Column(name = "LAST_TRIED_MILLIS")
    private Long lastTriedMillis;

    @Column(name = "LAST_ERROR", length = PeerEntity.MAX_ERROR)
    private String lastError;

    /** When it is a candidate again (null in rows stored before: an hour after it was last tried). */
    @Column(name = "RETRY_MILLIS")
    private Long retryMillis;

    protected KnownNodeEntity() {
        // for JPA
    }

    KnownNodeEntity(String nodeId) {
        this.nodeId = nodeId;
    }

    /** What a peer says of the node now; a node that answered with another key than it was introduced with stays out. */
    void introduced(NodeCard card, URI address, String by, Instant now) {
        publicKey = card.publicKey();
        url = address.toString();
        name = card.name().length() > 200 ? card.name().substring(0, 200) : card.name();
        String joined = String.join(",", card.modules());
        modules = joined.length() > 2000 ? joined.substring(0, 2000) : joined;
        introducedBy = by;
        learnedMillis = now.toEpochMilli();
    }

    void tried(Instant now, String error, Instant retryAt) {
        lastTriedMillis = now.toEpochMilli();
        retryMillis = retryAt.toEpochMilli();
        lastError = error == null ? null : error.length() > PeerEntity.MAX_ERROR ? error.substring(0, PeerEntity.MAX_ERROR)
                : error;
    }

    /** A peer that failed, moved back among the known nodes by this node ({@code self}) itself. */
    void formerPeer(Peer peer, String self, Instant now, Instant retryAt, String why) {
        publicKey = peer.publicKey();
        url = peer.url().toString();
        name = peer.name() == null ? "" : peer.name().length() > 200 ? peer.name().substring(0, 200) : peer.name();
        String joined = String.join(",", peer.modules());
        modules = joined.length() > 2000 ? joined.substring(0, 2000) : joined;
        introducedBy = self;
        learnedMillis = now.toEpochMilli();
        tried(now, why, retryAt);
    }

    KnownNode toKnownNode() {
        return new KnownNode(nodeId, publicKey, URI.create(url), name,
                modules == null || modules.isEmpty() ? List.of() : Arrays.asList(modules.split(",")), introducedBy,
                Instant.ofEpochMilli(learnedMillis), lastError);
    }
}
