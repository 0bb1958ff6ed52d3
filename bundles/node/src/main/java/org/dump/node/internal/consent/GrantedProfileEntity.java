package org.dump.node.internal.consent;

import java.time.Instant;

import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

import org.dump.node.account.Profile;
import org.dump.node.consent.GrantedProfile;

/**
 * A row of DUMP_GRANTED_PROFILE: the copy of a profile that a user of another node granted to one user of this
 * node, as its home node last sent it. One per granted request; deleted when the grant is revoked. The avatar is
 * kept apart (DUMP_GRANTED_AVATAR), so listing profiles never drags images along.
 */
@Entity
// Out of the shared cache: its JPQL UPDATE/DELETE would leave stale copies there (BulkUpdatesAndTheCacheTest).
@Cacheable(false)
@Table(name = "DUMP_GRANTED_PROFILE", indexes = @Index(name = "DUMP_GRANTED_PROFILE_USER",
        columnList = "USERNAME, RECEIVED_MILLIS"))
@NamedQueries({
    @NamedQuery(name = GrantedProfileEntity.OF_USER, query = "SELECT p, r FROM GrantedProfileEntity p,"
            + " OutgoingRequestEntity r WHERE p.username = :username AND r.id = p.requestId"
            + " ORDER BY p.receivedMillis DESC, p.requestId"),
    @NamedQuery(name = GrantedProfileEntity.DELETE_OF_USER, query = "DELETE FROM GrantedProfileEntity p"
            + " WHERE p.username = :username")
})
public class GrantedProfileEntity {

    static final String OF_USER = "GrantedProfile.ofUser";
    static final String DELETE_OF_USER = "GrantedProfile.deleteOfUser";

    @Id
    @Column(name = "REQUEST_ID", length = 26)
    private String requestId;

    /** The one user of this node who may see it. */
    @Column(name = "USERNAME", nullable = false, length = 32)
    private String username;

    @Column(name = "DISPLAY_NAME", nullable = false, length = 100)
    private String displayName;

    @Column(name = "EMAIL", length = 254)
    private String email;

    @Column(name = "BIO", length = 4000)
    private String bio;

    @Column(name = "AVATAR_TYPE", length = 40)
    private String avatarType;

    /** When the owner last changed the profile, as the home node says. */
    @Column(name = "UPDATED_MILLIS", nullable = false)
    private long updatedMillis;

    @Column(name = "RECEIVED_MILLIS", nullable = false)
    private long receivedMillis;

    protected GrantedProfileEntity() {
        // for JPA
    }

    GrantedProfileEntity(String requestId, String username) {
        this.requestId = requestId;
        this.username = username;
    }

    String username() {
        return username;
    }

    void replace(Profile profile, Instant received) {
        displayName = profile.displayName();
        email = profile.email();
        bio = profile.bio();
        avatarType = profile.avatarType();
        updatedMillis = profile.updated().toEpochMilli();
        receivedMillis = received.toEpochMilli();
    }

    GrantedProfile toGranted(OutgoingRequestEntity request) {
        return new GrantedProfile(requestId, username, request.homeNode(), request.module(), request.recordId(),
                displayName, email, bio, avatarType, Instant.ofEpochMilli(updatedMillis),
                Instant.ofEpochMilli(receivedMillis));
    }
}
