package org.dump.node.internal.account;

import java.time.Instant;

import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.NamedQuery;
import javax.persistence.Table;
import javax.persistence.Version;

import org.dump.node.account.Profile;

/** A row of DUMP_PROFILE: the text of one user's profile, and the media type of their avatar if they have one. */
@Entity
// Out of the shared cache: its JPQL UPDATE/DELETE would leave stale copies there (BulkUpdatesAndTheCacheTest).
@Cacheable(false)
@Table(name = "DUMP_PROFILE")
@NamedQuery(name = ProfileEntity.DELETE, query = "DELETE FROM ProfileEntity p WHERE p.username = :username")
public class ProfileEntity {

    static final String DELETE = "Profile.delete";

    @Id
    @Column(name = "USERNAME", length = 32)
    private String username;

    @Column(name = "DISPLAY_NAME", nullable = false, length = AccountRules.MAX_DISPLAY_NAME)
    private String displayName;

    @Column(name = "EMAIL", length = AccountRules.MAX_EMAIL)
    private String email;

    @Column(name = "BIO", length = AccountRules.MAX_BIO_STORED)
    private String bio;

    @Column(name = "AVATAR_TYPE", length = 40)
    private String avatarType;

    @Column(name = "UPDATED_MILLIS", nullable = false)
    private long updatedMillis;

    @Version
    @Column(name = "VERSION")
    private long version;

    protected ProfileEntity() {
        // for JPA
    }

    ProfileEntity(String username, String displayName, String email, Instant updated) {
        this.username = username;
        this.displayName = displayName;
        this.email = email;
        this.updatedMillis = updated.toEpochMilli();
    }

    void text(String displayName, String email, String bio, Instant updated) {
        this.displayName = displayName;
        this.email = email;
        this.bio = bio;
        this.updatedMillis = updated.toEpochMilli();
    }

    void avatarType(String avatarType, Instant updated) {
        this.avatarType = avatarType;
        this.updatedMillis = updated.toEpochMilli();
    }

    Profile toProfile() {
        return new Profile(username, displayName, email, bio, avatarType, Instant.ofEpochMilli(updatedMillis));
    }
}
