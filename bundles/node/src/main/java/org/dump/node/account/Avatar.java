package org.dump.node.account;

/**
 * A profile picture.
 *
 * @param mediaType {@code image/png}, {@code image/jpeg} or {@code image/gif}
 * @param image     the encoded image
 */
public record Avatar(String mediaType, byte[] image) {
}
