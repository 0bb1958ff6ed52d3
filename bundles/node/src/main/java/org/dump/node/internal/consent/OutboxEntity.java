package org.dump.node.internal.consent;

import javax.persistence.Basic;
import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

import org.dump.node.consent.MessageKind;

/**
 * A row of DUMP_CONSENT_OUTBOX: a consent message waiting to reach another node. There is at most one per
 * conversation (a request on its way, or the latest answer about one request): a newer answer replaces one not yet
 * delivered, so a revocation overtakes the grant it revokes and a changed profile the older version. The
 * {@code REVISION} changes with every replacement, so a delivery settles only the version it sent.
 */
@Entity
// Out of the shared cache: its JPQL UPDATE/DELETE would leave stale copies there (BulkUpdatesAndTheCacheTest).
@Cacheable(false)
@Table(name = "DUMP_CONSENT_OUTBOX", indexes = @Index(name = "DUMP_CONSENT_OUTBOX_DUE",
        columnList = "NEXT_ATTEMPT_MILLIS"))
@NamedQueries({
    @NamedQuery(name = OutboxEntity.DUE, query = "SELECT o FROM OutboxEntity o WHERE o.nextAttemptMillis <= :now"
            + " ORDER BY o.nextAttemptMillis, o.createdMillis"),
    @NamedQuery(name = OutboxEntity.NEXT, query = "SELECT MIN(o.nextAttemptMillis) FROM OutboxEntity o"),
    @NamedQuery(name = OutboxEntity.SETTLE, query = "DELETE FROM OutboxEntity o"
            + " WHERE o.conversation = :conversation AND o.revision = :revision"),
    @NamedQuery(name = OutboxEntity.RETRY, query = "UPDATE OutboxEntity o SET o.attempts = :attempts,"
            + " o.nextAttemptMillis = :next, o.lastError = :error"
            + " WHERE o.conversation = :conversation AND o.revision = :revision"),
    @NamedQuery(name = OutboxEntity.REPLACE, query = "UPDATE OutboxEntity o SET o.body = :body,"
            + " o.revision = :revision, o.attempts = 0, o.nextAttemptMillis = :now, o.lastError = NULL"
            + " WHERE o.conversation = :conversation"),
    @NamedQuery(name = OutboxEntity.DROP, query = "DELETE FROM OutboxEntity o WHERE o.conversation IN :conversations")
})
public class OutboxEntity {

    static final String DUE = "Outbox.due";
    static final String NEXT = "Outbox.next";
    static final String SETTLE = "Outbox.settle";
    static final String RETRY = "Outbox.retry";
    static final String REPLACE = "Outbox.replace";
    static final String DROP = "Outbox.drop";

    /** Which request and which way: {@code requests:ID} or {@code answers:ID}. */
    @Id
    @Column(name = "CONVERSATION", length = 40)
    private String conversation;

    @Column(name = "DESTINATION", nullable = false, length = 64)
    private String destination;

    @Enumerated(EnumType.STRING)
    @Column(name = "KIND", nullable = false, length = 16)
    private MessageKind kind;

    /** The request's id in the conversation: this node's id of the request the message is about. */
    @Column(name = "SUBJECT", nullable = false, length = 26)
    private String subject;

    /** The JSON body exactly as it is sent. */
    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "BODY", nullable = false, length = 16 * 1024 * 1024)
    private byte[] body;

    @Column(name = "REVISION", nullable = false)
    private long revision;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "NEXT_ATTEMPT_MILLIS", nullable = false)
    private long nextAttemptMillis;

    @Column(name = "LAST_ERROR", length = 500)
    private String lastError;

    @Column(name = "CREATED_MILLIS", nullable = false)
    private long createdMillis;

    protected OutboxEntity() {
        // for JPA
    }

    OutboxEntity(MessageKind kind, String subject, String destination, long createdMillis) {
        this.conversation = conversation(kind, subject);
        this.kind = kind;
        this.subject = subject;
        this.destination = destination;
        this.createdMillis = createdMillis;
    }

    static String conversation(MessageKind kind, String subject) {
        return kind.path() + ":" + subject;
    }

    /** A new message for this conversation: due at once, with a fresh count of attempts. */
    void replace(byte[] newBody, long newRevision, long now) {
        body = newBody.clone();
        revision = newRevision;
        attempts = 0;
        nextAttemptMillis = now;
        lastError = null;
    }

    String conversation() {
        return conversation;
    }

    String destination() {
        return destination;
    }

    MessageKind kind() {
        return kind;
    }

    String subject() {
        return subject;
    }

    byte[] body() {
        return body.clone();
    }

    long revision() {
        return revision;
    }

    int attempts() {
        return attempts;
    }

    String lastError() {
        return lastError;
    }

    long nextAttemptMillis() {
        return nextAttemptMillis;
    }
}
