package org.dump.node.account;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The profiles of this node's users. Each account has exactly one, made with the account.
 */
@ProviderType
public interface ProfileService {

    /** @throws UnknownAccountException if there is no such account */
    Profile get(String username);

    /**
     * @throws InvalidInputException   if a field breaks a rule; the stored profile is unchanged
     * @throws UnknownAccountException if there is no such account
     */
    Profile update(String username, ProfileUpdate update);

    /**
     * Replaces the avatar after checking that the bytes are an image of the declared type within the limits.
     *
     * @throws AvatarRejectedException if the image is refused; the stored avatar is unchanged
     * @throws UnknownAccountException if there is no such account
     */
    Profile setAvatar(String username, Avatar avatar);

    /** @return the avatar, or empty if the user has none */
    Optional<Avatar> avatar(String username);

    /** @throws UnknownAccountException if there is no such account */
    Profile removeAvatar(String username);

    /** The largest avatar, in bytes, this node accepts. */
    int maxAvatarBytes();
}
