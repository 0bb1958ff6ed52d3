package org.dump.federation.internal.reconcile;

/**
 * The versions {@code from} to {@code to} (inclusive) of one origin: the unit that reconciliation compares, lists
 * and reports. A node that has seen all of an origin's versions holds one run of it, however many they are.
 */
public record Run(String origin, long from, long to) {

    public Run {
        if (origin == null || origin.isEmpty()) {
            throw new IllegalArgumentException("a run needs an origin");
        }
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("a run goes from a number ≥ 0 to one as large: " + from + ".." + to);
        }
    }

    /** @return how many versions the run holds, at most {@link Long#MAX_VALUE} */
    public long size() {
        long size = to - from + 1;
        return size <= 0 ? Long.MAX_VALUE : size;
    }

    /** @return the part of this run in {@code [lo, hi)}, or null if none */
    Run clip(Bound lo, Bound hi) {
        long first = from;
        long last = to;
        if (!lo.isEnd()) {
            int byOrigin = origin.compareTo(lo.origin());
            if (byOrigin < 0) {
                return null;
            }
            if (byOrigin == 0) {
                first = Math.max(first, lo.sequence());
            }
        } else {
            return null;
        }
        if (!hi.isEnd()) {
            int byOrigin = origin.compareTo(hi.origin());
            if (byOrigin > 0 || byOrigin == 0 && hi.sequence() == 0) {
                return null;
            }
            if (byOrigin == 0) {
                last = Math.min(last, hi.sequence() - 1);
            }
        }
        if (first > last) {
            return null;
        }
        return first == from && last == to ? this : new Run(origin, first, last);
    }

    /** @return whether this run lies wholly in {@code [lo, hi)} */
    boolean within(Bound lo, Bound hi) {
        return clip(lo, hi) == this;
    }

    @Override
    public String toString() {
        return origin + "[" + from + ".." + to + "]";
    }
}
