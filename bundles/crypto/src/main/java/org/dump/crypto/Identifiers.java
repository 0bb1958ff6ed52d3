package org.dump.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

import org.dump.crypto.internal.Base32;

/**
 * Identifiers written in lower-case base32 (RFC 4648 alphabet, no padding), the form node ids take: safe in URLs,
 * file names and SQL, and case-insensitive to read aloud.
 */
public final class Identifiers {

    /** Length of a {@link #random()} id: 128 bits in 26 characters. */
    public static final int RANDOM_LENGTH = 26;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Identifiers() {
    }

    /** @return a new random 128-bit id of {@link #RANDOM_LENGTH} characters */
    public static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base32.encode(bytes);
    }

    /** @return the first {@code bytes} bytes of {@code data} in lower-case base32 */
    public static String base32(byte[] data, int bytes) {
        return Base32.encode(Arrays.copyOf(data, bytes));
    }
}
