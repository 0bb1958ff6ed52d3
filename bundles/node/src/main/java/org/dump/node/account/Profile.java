package org.dump.node.account;

import java.time.Instant;

/**
 * What a user tells about themselves. It stays on the home node; another node only ever gets it when its owner
 * grants a request for it.
 *
 * @param avatarType the media type of the avatar image, or null when the user has none
 */
public record Profile(String username, String displayName, String email, String bio, String avatarType,
        Instant updated) {

    public boolean hasAvatar() {
        return avatarType != null;
    }
}
