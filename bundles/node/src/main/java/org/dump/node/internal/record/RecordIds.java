package org.dump.node.internal.record;

import java.security.SecureRandom;

/**
 * Ids of new records: 26 base32 characters, as random ids are, made of the creation time in milliseconds (50 bits)
 * and 80 random bits. The base32 digits are written in ascending character order ({@code 2}–{@code 7} before
 * {@code a}–{@code z}), so ids sort as their times do: a node's new records, and the records of a catch-up, which
 * come in the order they were written, go to the end of the primary-key indexes instead of to random pages all over
 * them, so that Derby's inserts keep to a few pages that stay in its cache (benchmarks/RESULTS.md).
 * The time in an id says no more than the record's own creation time, which it carries anyway.
 */
final class RecordIds {

    private static final char[] DIGITS = "234567abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int TIME_DIGITS = 10;
    private static final int RANDOM_DIGITS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecordIds() {
    }

    /** @return a new id for a record created at {@code millis} (milliseconds since 1970) */
    static String next(long millis) {
        char[] id = new char[TIME_DIGITS + RANDOM_DIGITS];
        for (int i = TIME_DIGITS - 1; i >= 0; i--) {
            id[i] = DIGITS[(int) (millis & 31)];
            millis >>>= 5;
        }
        byte[] random = new byte[RANDOM_DIGITS * 5 / 8];
        RANDOM.nextBytes(random);
        long bits = 0;
        int held = 0;
        int at = TIME_DIGITS;
        for (byte b : random) {
            bits = bits << 8 | (b & 0xff);
            held += 8;
            while (held >= 5) {
                held -= 5;
                id[at++] = DIGITS[(int) (bits >>> held) & 31];
            }
        }
        return new String(id);
    }
}
