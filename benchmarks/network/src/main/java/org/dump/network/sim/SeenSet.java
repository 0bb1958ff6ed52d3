package org.dump.network.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.dump.federation.internal.reconcile.Run;
import org.dump.federation.internal.reconcile.VersionRuns;

/**
 * The versions of the module a node has seen (§7.2), kept compact: per origin every number up to {@code upTo}, plus
 * the few above it that came out of order. Origins are indexed in the order of their ids, so the runs come out
 * canonical. What is derived from it (the runs, their fingerprints, today's summary's length) is kept until the set
 * changes: most rounds find it as it was ({@link SharedRuns} keeps the runs of the sets most nodes share).
 */
final class SeenSet {

    private final String[] originIds;
    private final int[] upTo;
    private final BitSet[] above;
    /** A sum of a hash of every version seen after the history: equal sets have equal sums (a shortcut only). */
    private long digest;
    private int summaryBytes = -1;

    SeenSet(String[] originIds, int history) {
        this.originIds = originIds;
        this.upTo = new int[originIds.length];
        this.above = new BitSet[originIds.length];
        java.util.Arrays.fill(upTo, history);
    }

    boolean contains(int origin, long seq) {
        return seq <= upTo[origin] || above[origin] != null && seq < Integer.MAX_VALUE && above[origin].get((int) seq);
    }

    /** @return whether {@code seq} was new here */
    boolean add(int origin, int seq) {
        if (contains(origin, seq)) {
            return false;
        }
        int before = summaryBytes < 0 ? 0 : originBytes(origin);
        if (seq == upTo[origin] + 1) {
            upTo[origin] = seq;
            BitSet more = above[origin];
            while (more != null && more.get(upTo[origin] + 1)) {
                more.clear(++upTo[origin]);
            }
            if (more != null && more.isEmpty()) {
                above[origin] = null;
            }
        } else {
            if (above[origin] == null) {
                above[origin] = new BitSet();
            }
            above[origin].set(seq);
        }
        digest += mix(origin, seq);
        if (summaryBytes >= 0) {
            // Every origin stays listed once seen (history makes them all listed), so only this one's part changes.
            summaryBytes += originBytes(origin) - before;
            if (before == 0) {
                summaryBytes = -1; // a newly listed origin brings a comma: count again
            }
        }
        return true;
    }

    /** What a holder sends an asker: a version number. */
    interface Lacking {
        void version(int origin, int seq);
    }

    /** Lists the numbers this set holds and {@code asker}'s does not, origin by origin, each ascending. */
    void lackedBy(SeenSet asker, Lacking lacking) {
        for (int o = 0; o < upTo.length; o++) {
            for (int seq = asker.upTo[o] + 1; seq <= upTo[o]; seq++) {
                if (!asker.contains(o, seq)) {
                    lacking.version(o, seq);
                }
            }
            BitSet more = above[o];
            if (more != null) {
                for (int seq = more.nextSetBit(0); seq >= 0; seq = more.nextSetBit(seq + 1)) {
                    if (!asker.contains(o, seq)) {
                        lacking.version(o, seq);
                    }
                }
            }
        }
    }

    long digest() {
        return digest;
    }

    int origins() {
        return originIds.length;
    }

    /** @return the numbers of {@code origin} seen here, as runs from the lowest */
    List<long[]> ranges(int origin) {
        List<long[]> ranges = new ArrayList<>(1);
        if (upTo[origin] > 0) {
            ranges.add(new long[] {1, upTo[origin]});
        }
        BitSet more = above[origin];
        if (more != null) {
            for (int from = more.nextSetBit(0); from >= 0; ) {
                int to = more.nextClearBit(from) - 1;
                ranges.add(new long[] {from, to});
                from = more.nextSetBit(to + 1);
            }
        }
        return ranges;
    }

    /** @return the set as {@link VersionRuns}, the run hashes looked up in {@code hashes} */
    VersionRuns runs(VersionRuns.RunHashes hashes) {
        List<Run> list = new ArrayList<>(originIds.length);
        for (int o = 0; o < originIds.length; o++) {
            for (long[] range : ranges(o)) {
                list.add(new Run(originIds[o], range[0], range[1]));
            }
        }
        return VersionRuns.of(list, hashes);
    }

    /**
     * @return the length of today's request (§7.2),
     *         {@code {"module":"market","dataVersion":"1.0.0","origins":{"<origin>":[[from,to],…],…}}}, counted
     *         rather than written, and kept up to date origin by origin as the set changes
     */
    int summaryBytes() {
        if (summaryBytes < 0) {
            int bytes = "{\"module\":\"market\",\"dataVersion\":\"1.0.0\",\"origins\":{}}".length();
            int listed = 0;
            for (int o = 0; o < originIds.length; o++) {
                int origin = originBytes(o);
                bytes += origin;
                listed += origin > 0 ? 1 : 0;
            }
            summaryBytes = bytes + Math.max(0, listed - 1); // the commas between origins
        }
        return summaryBytes;
    }

    /** @return the bytes of {@code "<origin>":[[a,b],…]} in the summary, 0 if none of the origin was seen */
    private int originBytes(int origin) {
        List<long[]> ranges = ranges(origin);
        if (ranges.isEmpty()) {
            return 0;
        }
        int bytes = originIds[origin].length() + 5 + ranges.size() - 1; // "id":[…] and the commas between ranges
        for (long[] range : ranges) {
            bytes += 3 + digits(range[0]) + digits(range[1]); // [a,b]
        }
        return bytes;
    }

    static int digits(long n) {
        int digits = 1;
        for (long rest = n / 10; rest > 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    private static long mix(int origin, int seq) {
        long x = origin * 0x9E3779B97F4A7C15L + seq * 0xC2B2AE3D27D4EB4FL;
        x = (x ^ (x >>> 31)) * 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 29);
    }
}
