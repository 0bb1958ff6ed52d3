package org.dump.federation.internal.reconcile;

import java.util.Objects;

/**
 * A position in the ordered space of versions, {@code (origin, sequence)} ordered by origin (as strings) and then by
 * number: the point just before version {@code (origin, sequence)}. A range {@code [lo, hi)} holds the versions at or
 * after {@code lo} and before {@code hi}. Between two origins a bound may name a prefix of the second origin, with
 * number 0, which is shorter on the wire than the origin itself.
 */
record Bound(String origin, long sequence) implements Comparable<Bound> {

    /** Before every version. */
    static final Bound MIN = new Bound("", 0);
    /** After every version. */
    static final Bound END = new Bound(null, 0);

    Bound {
        if (sequence < 0) {
            throw new IllegalArgumentException("a bound's number is 0 or more: " + sequence);
        }
    }

    boolean isEnd() {
        return origin == null;
    }

    /** @return whether version {@code (versionOrigin, number)} lies before this bound */
    boolean above(String versionOrigin, long number) {
        if (isEnd()) {
            return true;
        }
        int byOrigin = versionOrigin.compareTo(origin);
        return byOrigin < 0 || byOrigin == 0 && number < sequence;
    }

    /**
     * @return the shortest bound between the last version of origin {@code before} and the first of {@code after}
     *         ({@code before < after}): a prefix of {@code after} with number 0
     */
    static Bound between(String before, String after) {
        for (int length = 1; length < after.length(); length++) {
            String prefix = after.substring(0, length);
            if (prefix.compareTo(before) > 0) {
                return new Bound(prefix, 0);
            }
        }
        return new Bound(after, 0);
    }

    @Override
    public int compareTo(Bound other) {
        if (isEnd() || other.isEnd()) {
            return Boolean.compare(isEnd(), other.isEnd());
        }
        int byOrigin = origin.compareTo(other.origin);
        return byOrigin != 0 ? byOrigin : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return isEnd() ? "END" : Objects.toString(origin) + "#" + sequence;
    }
}
