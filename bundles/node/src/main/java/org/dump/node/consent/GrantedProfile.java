package org.dump.node.consent;

import java.time.Instant;

/**
 * A profile that its owner, a user of another node, granted to one user of this node. Only that user sees it,
 * and it is deleted when the owner revokes the grant.
 *
 * @param requestId   the request that was granted
 * @param username    the user of this node who holds the grant
 * @param homeNode    the owner's node, which sent the profile
 * @param module      the module of the record the request was about
 * @param recordId    that record
 * @param displayName the owner's display name
 * @param email       the owner's e-mail address, or null
 * @param bio         the owner's bio, or null
 * @param avatarType  the media type of the owner's avatar, or null when there is none
 * @param updated     when the owner last changed the profile
 * @param received    when this node received this version of it
 */
public record GrantedProfile(String requestId, String username, String homeNode, String module, String recordId,
        String displayName, String email, String bio, String avatarType, Instant updated, Instant received) {

    public boolean hasAvatar() {
        return avatarType != null;
    }
}
