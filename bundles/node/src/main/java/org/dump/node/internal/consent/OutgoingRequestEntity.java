package org.dump.node.internal.consent;

import java.time.Instant;

import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

import org.dump.node.consent.OutgoingRequest;
import org.dump.node.consent.RequestState;

/**
 * A row of DUMP_PROFILE_REQUEST_OUT: a request of one of this node's users for the profile of a record's author
 * on another node. It names the author as the record does (home node and pseudonym), nothing more.
 */
@Entity
// Out of the shared cache: its JPQL UPDATE/DELETE would leave stale copies there (BulkUpdatesAndTheCacheTest).
@Cacheable(false)
@Table(name = "DUMP_PROFILE_REQUEST_OUT", indexes = @Index(name = "DUMP_PROFILE_REQUEST_OUT_USER",
        columnList = "USERNAME, CREATED_MILLIS"))
@NamedQueries({
    @NamedQuery(name = OutgoingRequestEntity.OF_USER, query = "SELECT r FROM OutgoingRequestEntity r"
            + " WHERE r.username = :username ORDER BY r.createdMillis DESC, r.id"),
    @NamedQuery(name = OutgoingRequestEntity.OPEN, query = "SELECT r FROM OutgoingRequestEntity r"
            + " WHERE r.username = :username AND r.homeNode = :homeNode AND r.module = :module AND r.author = :author"
            + " AND r.state IN :states"),
    @NamedQuery(name = OutgoingRequestEntity.DELIVERED, query = "UPDATE OutgoingRequestEntity r"
            + " SET r.delivered = TRUE WHERE r.id = :id"),
    @NamedQuery(name = OutgoingRequestEntity.IDS_OF_USER, query = "SELECT r.id FROM OutgoingRequestEntity r"
            + " WHERE r.username = :username"),
    @NamedQuery(name = OutgoingRequestEntity.DELETE_OF_USER, query = "DELETE FROM OutgoingRequestEntity r"
            + " WHERE r.username = :username")
})
public class OutgoingRequestEntity {

    static final String OF_USER = "OutgoingRequest.ofUser";
    static final String OPEN = "OutgoingRequest.open";
    static final String DELIVERED = "OutgoingRequest.delivered";
    static final String IDS_OF_USER = "OutgoingRequest.idsOfUser";
    static final String DELETE_OF_USER = "OutgoingRequest.deleteOfUser";

    @Id
    @Column(name = "ID", length = 26)
    private String id;

    @Column(name = "USERNAME", nullable = false, length = 32)
    private String username;

    @Column(name = "HOME_NODE", nullable = false, length = 64)
    private String homeNode;

    @Column(name = "MODULE", nullable = false, length = 32)
    private String module;

    @Column(name = "RECORD_ID", nullable = false, length = 64)
    private String recordId;

    @Column(name = "AUTHOR", nullable = false, length = 64)
    private String author;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", nullable = false, length = 16)
    private RequestState state;

    /** Whether the home node has taken the request; until then the outbox keeps trying. */
    @Column(name = "DELIVERED", nullable = false)
    private boolean delivered;

    /** The version of the home node's latest answer taken; older or repeated answers change nothing. */
    @Column(name = "ANSWER_VERSION", nullable = false)
    private long answerVersion;

    @Column(name = "CREATED_MILLIS", nullable = false)
    private long createdMillis;

    @Column(name = "UPDATED_MILLIS", nullable = false)
    private long updatedMillis;

    protected OutgoingRequestEntity() {
        // for JPA
    }

    OutgoingRequestEntity(String id, String username, String homeNode, String module, String recordId, String author,
            Instant created) {
        this.id = id;
        this.username = username;
        this.homeNode = homeNode;
        this.module = module;
        this.recordId = recordId;
        this.author = author;
        this.state = RequestState.PENDING;
        this.createdMillis = created.toEpochMilli();
        this.updatedMillis = createdMillis;
    }

    String id() {
        return id;
    }

    String username() {
        return username;
    }

    String homeNode() {
        return homeNode;
    }

    String module() {
        return module;
    }

    String recordId() {
        return recordId;
    }

    String author() {
        return author;
    }

    RequestState state() {
        return state;
    }

    long answerVersion() {
        return answerVersion;
    }

    void delivered() {
        delivered = true;
    }

    void answer(RequestState newState, long version, Instant when) {
        state = newState;
        answerVersion = version;
        updatedMillis = Math.max(updatedMillis, when.toEpochMilli());
    }

    OutgoingRequest toRequest() {
        return new OutgoingRequest(id, username, homeNode, module, recordId, author, state, delivered,
                Instant.ofEpochMilli(createdMillis), Instant.ofEpochMilli(updatedMillis));
    }
}
