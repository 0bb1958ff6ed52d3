package org.dump.node.internal.account;

import javax.persistence.Basic;
import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

import org.dump.node.account.Avatar;

/**
 * A row of DUMP_AVATAR: one user's avatar image. Kept apart from the profile so that reading a profile never
 * drags the image along.
 */
@Entity
// Out of the shared cache: its JPQL UPDATE/DELETE would leave stale copies there (BulkUpdatesAndTheCacheTest).
@Cacheable(false)
@Table(name = "DUMP_AVATAR")
@NamedQuery(name = AvatarEntity.DELETE, query = "DELETE FROM AvatarEntity a WHERE a.username = :username")
public class AvatarEntity {

    static final String DELETE = "Avatar.delete";

    /** Column capacity; the configured limit (org.dump.profiles maxAvatarBytes) is checked before storing. */
    static final int MAX_STORED_BYTES = 16 * 1024 * 1024;

    @Id
    @Column(name = "USERNAME", length = 32)
    private String username;

    @Column(name = "MEDIA_TYPE", nullable = false, length = 40)
    private String mediaType;

    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "IMAGE", nullable = false, length = MAX_STORED_BYTES)
    private byte[] image;

    protected AvatarEntity() {
        // for JPA
    }

    AvatarEntity(String username, Avatar avatar) {
        this.username = username;
        replace(avatar);
    }

    void replace(Avatar avatar) {
        this.mediaType = avatar.mediaType();
        this.image = avatar.image().clone();
    }

    Avatar toAvatar() {
        return new Avatar(mediaType, image.clone());
    }
}
