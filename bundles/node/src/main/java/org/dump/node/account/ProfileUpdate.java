package org.dump.node.account;

/**
 * The new text of a profile. Every field replaces the stored one; null or blank clears an optional field.
 *
 * @param displayName required, at most 100 characters
 * @param email       optional; checked for the shape of an address
 * @param bio         optional, at most the configured length
 */
public record ProfileUpdate(String displayName, String email, String bio) {
}
