package org.dump.node.internal.account;

import java.util.Locale;
import java.util.regex.Pattern;

import org.dump.node.account.InvalidInputException;

/**
 * The rules every account and profile field must keep. Each check returns the value as it will be stored
 * (trimmed, lower-cased where the field is case-insensitive) or throws {@link InvalidInputException} naming the
 * field, so callers store nothing until every field has passed. Public within the bundle: profiles granted by
 * other nodes are held to the same rules before they are stored.
 */
public final class AccountRules {

    public static final int MAX_USERNAME = 32;
    static final int MAX_PASSWORD = 1024;
    public static final int MAX_DISPLAY_NAME = 100;
    public static final int MAX_EMAIL = 254;
    /** Column capacity for the bio; the configured limit (org.dump.profiles maxBioLength) is at most this. */
    public static final int MAX_BIO_STORED = 4000;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,31}");
    // Deliberately loose: one @, no spaces, a dot in the domain. Only a mail sent to it would prove more.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");

    private AccountRules() {
    }

    public static String username(String username) {
        String normalised = required("username", username).toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(normalised).matches()) {
            throw new InvalidInputException("username", "a username has 2 to " + MAX_USERNAME
                    + " characters: letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return normalised;
    }

    static void password(char[] password, int minLength) {
        if (password == null || password.length < minLength) {
            throw new InvalidInputException("password", "a password has at least " + minLength + " characters");
        }
        if (password.length > MAX_PASSWORD) {
            throw new InvalidInputException("password", "a password has at most " + MAX_PASSWORD + " characters");
        }
    }

    public static String displayName(String displayName) {
        String trimmed = required("displayName", displayName);
        return plainText("displayName", trimmed, MAX_DISPLAY_NAME, false);
    }

    /** @return the trimmed address, or null for none */
    public static String email(String email) {
        String trimmed = optional(email);
        if (trimmed == null) {
            return null;
        }
        if (trimmed.length() > MAX_EMAIL || !EMAIL.matcher(trimmed).matches()) {
            throw new InvalidInputException("email", "'" + abbreviate(trimmed) + "' is not an e-mail address");
        }
        return trimmed;
    }

    /** @return the trimmed bio, or null for none */
    public static String bio(String bio, int maxLength) {
        String trimmed = optional(bio);
        return trimmed == null ? null : plainText("bio", trimmed, Math.min(maxLength, MAX_BIO_STORED), true);
    }

    private static String required(String field, String value) {
        String trimmed = optional(value);
        if (trimmed == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        return trimmed;
    }

    private static String optional(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip();
    }

    private static String plainText(String field, String value, int maxLength, boolean multiline) {
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw new InvalidInputException(field, field + " has at most " + maxLength + " characters");
        }
        boolean control = value.chars().anyMatch(c -> Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t')));
        if (control) {
            throw new InvalidInputException(field, field + " contains control characters");
        }
        return value;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
