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

import org.dump.federation.Mutuality;
import org.dump.federation.Peer;
import org.dump.federation.PeerOrigin;

/** A peer as stored: its pinned identity, what it ran when last seen, and how contact with it went. */
@Entity
// A unique index, not a unique constraint, which EclipseLink would try to add again at every start.
@Table(name = "DUMP_PEER", indexes = @Index(name = "DUMP_PEER_URL", columnList = "URL", unique = true))
public class PeerEntity {

    static final int MAX_ERROR = 500;
    static final int MAX_MODULES = 2000;
    /** The longest address a peer, a known node or a request may have: no longer than its column. */
    static final int MAX_URL = 500;
    static final int MAX_NAME = 200;

    @Id
    @Column(name = "NODE_ID", length = 64)
    private String nodeId;

    @Column(name = "URL", nullable = false, length = MAX_URL)
    private String url;

    @Column(name = "PUBLIC_KEY", nullable = false, length = 100)
    private String publicKey;

    @Column(name = "NAME", length = MAX_NAME)
    private String name;

    /** The modules it ran when last contacted, as id@dataVersion, comma-separated. */
    @Column(name = "MODULES", length = MAX_MODULES)
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

    /** Whether it takes this node as its peer, a {@link Mutuality} name (null before the column existed: unknown). */
    @Column(name = "MUTUALITY", length = 16)
    private String mutuality;

    @Column(name = "MUTUALITY_NOTE", length = MAX_ERROR)
    private String mutualityNote;

    /**
     * How it became a peer, a {@link PeerOrigin} name. Null in rows stored before the column existed: those peers
     * were all added by an administrator or taken before the node could let any go, so they read as ADMIN, the one
     * origin the node never drops by itself.
     */
    @Column(name = "ORIGIN", length = 16)
    private String origin;

    protected PeerEntity() {
        // for JPA
    }

    PeerEntity(URI url, NodeCard card, Instant now, PeerOrigin origin) {
        this.origin = origin.name();
        this.nodeId = card.id();
        this.url = url.toString();
        this.publicKey = card.publicKey();
        this.addedMillis = now.toEpochMilli();
        contacted(card, now);
    }

    /** Notes a successful contact: what the peer runs now. Its id and key stay as pinned. */
    void contacted(NodeCard card, Instant now) {
        name = card.name().length() > MAX_NAME ? card.name().substring(0, MAX_NAME) : card.name();
        modules = joined(card.modules());
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
        lastError = abbreviate(error);
    }

    /** Notes what the peer runs now, as it said itself in a signed request: a successful contact. */
    void runs(List<String> running, Instant now) {
        modules = joined(running);
        lastContactMillis = now.toEpochMilli();
        lastError = null;
    }

    /** Notes whether the peer takes this node as its peer, and why not. */
    void mutuality(Mutuality state, String note) {
        mutuality = state.name();
        mutualityNote = note == null ? null : abbreviate(note);
    }

    /** An administrator added it (again): only an administrator removes it from now on. */
    void pinned() {
        origin = PeerOrigin.ADMIN.name();
    }

    /** The same node, verified, now answers at {@code newUrl}. */
    void movedTo(URI newUrl) {
        url = newUrl.toString();
    }

    /** @return the modules comma-separated, as many as the column holds */
    static String joined(List<String> running) {
        StringBuilder joined = new StringBuilder();
        for (String module : running) {
            if (joined.length() + module.length() + 1 > MAX_MODULES) {
                break;
            }
            joined.append(joined.length() == 0 ? "" : ",").append(module);
        }
        return joined.toString();
    }

    private static String abbreviate(String text) {
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
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
                lastSyncMillis == null ? null : Instant.ofEpochMilli(lastSyncMillis), mutualityOf(mutuality),
                mutualityNote, originOf(origin));
    }

    private static PeerOrigin originOf(String stored) {
        try {
            return stored == null ? PeerOrigin.ADMIN : PeerOrigin.valueOf(stored);
        } catch (IllegalArgumentException e) {
            return PeerOrigin.ADMIN; // a name this version does not know: keep the peer, as the safe choice
        }
    }

    private static Mutuality mutualityOf(String stored) {
        try {
            return stored == null ? Mutuality.UNKNOWN : Mutuality.valueOf(stored);
        } catch (IllegalArgumentException e) {
            return Mutuality.UNKNOWN;
        }
    }
}
