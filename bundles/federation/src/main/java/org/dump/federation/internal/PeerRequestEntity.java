package org.dump.federation.internal;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.dump.federation.PeerRequest;

/** A node's request to be taken as a peer, kept for an administrator, as stored in DUMP_PEER_REQUEST. */
@Entity
@Table(name = "DUMP_PEER_REQUEST")
public class PeerRequestEntity {

    @Id
    @Column(name = "NODE_ID", length = 64)
    private String nodeId;

    @Column(name = "PUBLIC_KEY", nullable = false, length = 100)
    private String publicKey;

    @Column(name = "URL", nullable = false, length = PeerEntity.MAX_URL)
    private String url;

    @Column(name = "NAME", length = 200)
    private String name;

    @Column(name = "MODULES", length = PeerEntity.MAX_MODULES)
    private String modules;

    /** A {@link PeerRequest.State} name. */
    @Column(name = "STATE", nullable = false, length = 16)
    private String state;

    @Column(name = "FIRST_MILLIS", nullable = false)
    private long firstMillis;

    @Column(name = "LAST_MILLIS", nullable = false)
    private long lastMillis;

    @Column(name = "HELLOS", nullable = false)
    private long hellos;

    protected PeerRequestEntity() {
        // for JPA
    }

    PeerRequestEntity(NodeCard card, URI url, Instant now) {
        this.nodeId = card.id();
        this.publicKey = card.publicKey();
        this.state = PeerRequest.State.PENDING.name();
        this.firstMillis = now.toEpochMilli();
        said(card, url, now);
    }

    /** Notes another hello of the same node (same id, hence same key): where it answers now and what it runs. */
    void said(NodeCard card, URI at, Instant now) {
        url = at.toString();
        name = card.name().length() > 200 ? card.name().substring(0, 200) : card.name();
        modules = PeerEntity.joined(card.modules());
        lastMillis = now.toEpochMilli();
        hellos++;
    }

    void refused() {
        state = PeerRequest.State.REFUSED.name();
    }

    String url() {
        return url;
    }

    PeerRequest toRequest() {
        return new PeerRequest(nodeId, publicKey, URI.create(url), name,
                modules == null || modules.isEmpty() ? List.of() : Arrays.asList(modules.split(",")),
                PeerRequest.State.valueOf(state), Instant.ofEpochMilli(firstMillis), Instant.ofEpochMilli(lastMillis),
                hellos);
    }
}
