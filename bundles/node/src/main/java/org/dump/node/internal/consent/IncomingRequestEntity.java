package org.dump.node.internal.consent;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

import org.dump.node.consent.IncomingRequest;
import org.dump.node.consent.RequestState;

/**
 * A row of DUMP_PROFILE_REQUEST_IN: a request from a user of another node for the profile of one of this node's
 * users, and the author's answer. The asking node's own id for it ({@code REMOTE_ID}) is unique per asking node,
 * so a request that arrives twice is stored once.
 */
@Entity
// A unique index, not a constraint: EclipseLink's create-or-extend would add a constraint again at every start.
@Table(name = "DUMP_PROFILE_REQUEST_IN", indexes = {
        @Index(name = "DUMP_PROFILE_REQUEST_IN_REMOTE", columnList = "FROM_NODE, REMOTE_ID", unique = true),
        @Index(name = "DUMP_PROFILE_REQUEST_IN_USER", columnList = "USERNAME, RECEIVED_MILLIS")})
@NamedQueries({
    @NamedQuery(name = IncomingRequestEntity.BY_REMOTE_ID, query = "SELECT r FROM IncomingRequestEntity r"
            + " WHERE r.fromNode = :fromNode AND r.remoteId = :remoteId"),
    @NamedQuery(name = IncomingRequestEntity.OF_USER, query = "SELECT r FROM IncomingRequestEntity r"
            + " WHERE r.username = :username ORDER BY r.receivedMillis DESC, r.id"),
    @NamedQuery(name = IncomingRequestEntity.ALL, query = "SELECT r FROM IncomingRequestEntity r"
            + " ORDER BY r.receivedMillis DESC, r.id"),
    @NamedQuery(name = IncomingRequestEntity.IN_STATE_OF_USER, query = "SELECT r FROM IncomingRequestEntity r"
            + " WHERE r.username = :username AND r.state IN :states")
})
public class IncomingRequestEntity {

    static final String BY_REMOTE_ID = "IncomingRequest.byRemoteId";
    static final String OF_USER = "IncomingRequest.ofUser";
    static final String ALL = "IncomingRequest.all";
    static final String IN_STATE_OF_USER = "IncomingRequest.inStateOfUser";

    @Id
    @Column(name = "ID", length = 26)
    private String id;

    @Column(name = "FROM_NODE", nullable = false, length = 64)
    private String fromNode;

    @Column(name = "REMOTE_ID", nullable = false, length = 26)
    private String remoteId;

    /** The author: the account of this node whose profile is asked for. */
    @Column(name = "USERNAME", nullable = false, length = 32)
    private String username;

    @Column(name = "ASKER_USERNAME", nullable = false, length = 32)
    private String askerUsername;

    @Column(name = "ASKER_DISPLAY_NAME", nullable = false, length = 100)
    private String askerDisplayName;

    @Column(name = "MODULE", nullable = false, length = 32)
    private String module;

    @Column(name = "RECORD_ID", nullable = false, length = 64)
    private String recordId;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", nullable = false, length = 16)
    private RequestState state;

    /** Counts the answers sent for this request, so the asking node can tell a later one from an earlier one. */
    @Column(name = "ANSWER_VERSION", nullable = false)
    private long answerVersion;

    @Column(name = "RECEIVED_MILLIS", nullable = false)
    private long receivedMillis;

    /** When the author last answered; 0 before. */
    @Column(name = "ANSWERED_MILLIS", nullable = false)
    private long answeredMillis;

    protected IncomingRequestEntity() {
        // for JPA
    }

    IncomingRequestEntity(String id, String fromNode, String remoteId, String username, String askerUsername,
            String askerDisplayName, String module, String recordId, Instant received) {
        this.id = id;
        this.fromNode = fromNode;
        this.remoteId = remoteId;
        this.username = username;
        this.askerUsername = askerUsername;
        this.askerDisplayName = askerDisplayName;
        this.module = module;
        this.recordId = recordId;
        this.state = RequestState.PENDING;
        this.receivedMillis = received.toEpochMilli();
    }

    String id() {
        return id;
    }

    String fromNode() {
        return fromNode;
    }

    String remoteId() {
        return remoteId;
    }

    String username() {
        return username;
    }

    RequestState state() {
        return state;
    }

    /** @return the version of the answer this change makes */
    long answer(RequestState newState, Instant when) {
        state = newState;
        answeredMillis = when.toEpochMilli();
        return ++answerVersion;
    }

    /** @return the version of one more answer in the same state (a changed profile) */
    long nextVersion() {
        return ++answerVersion;
    }

    IncomingRequest toRequest() {
        return new IncomingRequest(id, username, fromNode, askerUsername, askerDisplayName, module, recordId, state,
                Instant.ofEpochMilli(receivedMillis), answeredMillis == 0 ? null : Instant.ofEpochMilli(answeredMillis));
    }
}
