package org.dump.testkit;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Ids as the node makes them: 26 base32 characters, the creation time in milliseconds and then 80 random bits, in
 * digits that sort as their values do, so that ids sort as their times do.
 */
final class RecordIds {

    static final Pattern FORM = Pattern.compile("[a-z2-7]{26}");

    private static final char[] DIGITS = "234567abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int TIME_DIGITS = 10;
    private static final int ID_DIGITS = 26;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecordIds() {
    }

    static String next(long millis) {
        char[] id = new char[ID_DIGITS];
        for (int i = TIME_DIGITS - 1; i >= 0; i--) {
            id[i] = DIGITS[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = TIME_DIGITS; i < ID_DIGITS; i++) {
            id[i] = DIGITS[RANDOM.nextInt(32)];
        }
        return new String(id);
    }
}
