package org.dump.federation.internal;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Index;

import org.dump.federation.Peer;

/** A peer as stored: its pinned identity, what it ran when last seen, and how contact with it went. */
@Entity
// A unique index, not a unique constraint, which EclipseLink would try to add again at every start.
@Table(name = "DUMP_PEER", indexes = @Index(name = "DUMP_PEER_URL", columnList = "URL", unique = true))
public class PeerEntity {

    static final int MAX_ERROR = 500;

    @Id
    @Column(name = "NODE_ID", length = 64)
    private String nodeId;

    @Column(name = "URL", nullable = false, length = 500)
    private String url;

    @Column(name = "PUBLIC_KEY", nullable = false, length = 100)
    private String publicKey;

    @Column(name = "NAME", length = 200)
    private String name;

    /** The modules it ran when last contacted, as id@dataVersion, comma-separated. */
    @Column(name = "MODULES", length = 2000)
    private String modules;

    @Column(name = "ADDED_MILLIS", nullable = false)
    private long addedMillis;

    @Column(name = "LAST_CONTACT_MILLIS")
    private Long lastContactMillis;

    @Column(name = "LAST_ERROR", length = MAX_ERROR)
    private String lastError;

    @Column(name = "RECORDS_IN", nullable = false)
    private long recordsIn;

    @Column(name = "RECORDS_OUT", nullable = false)
    private long recordsOut;

    /** Refused records, malformed bodies and requests over its limits (null before the column existed). */
    @Column(name = "REFUSALS")
    private Long refusals;

    @Column(name = "LAST_SYNC_MILLIS")
    private Long lastSyncMillis;

    protected PeerEntity() {
        // for JPA
    }

    PeerEntity(URI url, NodeCard card, Instant now) {
        this.nodeId = card.id();
        this.url = url.toString();
        this.publicKey = card.publicKey();
        this.addedMillis = now.toEpochMilli();
        contacted(card, now);
    }

    /** Notes a successful contact: what the peer runs now. Its id and key stay as pinned. */
    void contacted(NodeCard card, Instant now) {
        name = card.name();
        modules = String.join(",", card.modules());
        lastContactMillis = now.toEpochMilli();
        lastError = null;
    }

    void exchanged(long in, long out, String error, Instant now) {
        recordsIn += in;
        recordsOut += out;
        if (error == null) {
            lastContactMillis = now.toEpochMilli();
            lastError = null;
        } else {
            failed(error);
        }
    }

    /** Counts something the peer sent that this node refused, and says what. */
    void misbehaved(long count, String what) {
        refusals = (refusals == null ? 0 : refusals) + count;
        failed(what);
    }

    /** Notes an anti-entropy round with the peer that ran to its end. */
    void synced(Instant now) {
        lastSyncMillis = now.toEpochMilli();
        lastContactMillis = now.toEpochMilli();
    }

    void failed(String error) {
        lastError = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
    }

    String nodeId() {
        return nodeId;
    }

    String url() {
        return url;
    }

    String publicKey() {
        return publicKey;
    }

    Peer toPeer() {
        return new Peer(URI.create(url), nodeId, publicKey, name,
                modules == null || modules.isEmpty() ? List.of() : Arrays.asList(modules.split(",")),
                Instant.ofEpochMilli(addedMillis), lastContactMillis == null ? null : Instant.ofEpochMilli(lastContactMillis),
                lastError, recordsIn, recordsOut, refusals == null ? 0 : refusals,
                lastSyncMillis == null ? null : Instant.ofEpochMilli(lastSyncMillis));
    }
}
