package org.dump.node.internal.consent;

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

/** A row of DUMP_GRANTED_AVATAR: the avatar of a granted profile (DUMP_GRANTED_PROFILE), checked like our own. */
@Entity
// Out of the shared cache: its JPQL UPDATE/DELETE would leave stale copies there (BulkUpdatesAndTheCacheTest).
@Cacheable(false)
@Table(name = "DUMP_GRANTED_AVATAR")
@NamedQuery(name = GrantedAvatarEntity.DELETE_OF_USER, query = "DELETE FROM GrantedAvatarEntity a"
        + " WHERE a.requestId IN (SELECT p.requestId FROM GrantedProfileEntity p WHERE p.username = :username)")
public class GrantedAvatarEntity {

    static final String DELETE_OF_USER = "GrantedAvatar.deleteOfUser";

    @Id
    @Column(name = "REQUEST_ID", length = 26)
    private String requestId;

    @Column(name = "MEDIA_TYPE", nullable = false, length = 40)
    private String mediaType;

    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "IMAGE", nullable = false, length = 16 * 1024 * 1024)
    private byte[] image;

    protected GrantedAvatarEntity() {
        // for JPA
    }

    GrantedAvatarEntity(String requestId, Avatar avatar) {
        this.requestId = requestId;
        replace(avatar);
    }

    void replace(Avatar avatar) {
        mediaType = avatar.mediaType();
        image = avatar.image().clone();
    }

    Avatar toAvatar() {
        return new Avatar(mediaType, image.clone());
    }
}
