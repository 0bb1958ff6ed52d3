package org.dump.federation.internal.reconcile;

/**
 * The bounds of one reconciliation, which keep the work a lying peer can cause in proportion to what it sends.
 *
 * @param messageBytes the largest message read, and the budget of a message written
 * @param segments     the most segments a message may hold
 * @param runs         the most runs a message may list
 * @param rounds       the most round trips an initiator makes before it gives up until the next round
 * @param findingRuns  the most runs of differences kept from one reconciliation
 * @param branching    the parts a range whose fingerprints differ is cut into
 * @param listBelow    a range of at most this many runs is listed instead of cut
 */
public record Limits(int messageBytes, int segments, int runs, int rounds, int findingRuns, int branching, int listBelow) {

    /** What nodes use: messages of at most 256 KiB, 16 parts, lists of up to 8 runs. */
    public static final Limits DEFAULT = new Limits(256 * 1024, 4096, 16_384, 32, 100_000, 16, 8);

    public Limits {
        if (messageBytes < 16 * 1024 || segments < 4 * branching || runs < 4 * listBelow || rounds < 1
                || findingRuns < 1 || branching < 2 || listBelow < 1) {
            throw new IllegalArgumentException("limits too small to reconcile anything: " + messageBytes + " bytes, "
                    + segments + " segments, " + runs + " runs, branching " + branching + ", lists of " + listBelow);
        }
    }

    /** A range where this side holds more runs than this, listed by the other side, is cut rather than compared. */
    int compareBelow() {
        return 4 * listBelow;
    }
}
