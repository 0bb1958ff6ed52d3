package org.dump.federation.internal.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The versions a node has seen of a module (stored, replaced or deleted), as canonical runs with the prefix sums of
 * their hashes: the fingerprint of any range costs two binary searches and at most two hashes, whatever the number of
 * runs in it. Immutable; built once per reconciliation from what the store reports.
 */
public final class VersionRuns {

    /**
     * How a run's hash is found: computed each time ({@link #COMPUTED}, what a node does), or looked up where many
     * sets share most of their runs (the network simulator, whose nodes hold the same runs over and over).
     */
    @FunctionalInterface
    public interface RunHashes {
        /** @return the two 64-bit words of the hash of {@code run}, as {@link #COMPUTED} gives them */
        long[] of(Run run);
    }

    /** The hash of §7.7 computed from the run itself. */
    public static final RunHashes COMPUTED = Fingerprints::of;

    private final String[] origins;
    private final long[] from;
    private final long[] to;
    /** Prefix sums of the runs' hashes: entry i sums runs 0 to i - 1. */
    private final long[] sumA;
    private final long[] sumB;

    private VersionRuns(List<Run> canonical, RunHashes hashes) {
        int n = canonical.size();
        origins = new String[n];
        from = new long[n];
        to = new long[n];
        sumA = new long[n + 1];
        sumB = new long[n + 1];
        for (int i = 0; i < n; i++) {
            Run run = canonical.get(i);
            origins[i] = run.origin();
            from[i] = run.from();
            to[i] = run.to();
            long[] hash = hashes.of(run);
            sumA[i + 1] = sumA[i] + hash[0];
            sumB[i + 1] = sumB[i] + hash[1];
        }
    }

    /** @return the runs, in any order, overlapping or not */
    public static VersionRuns of(List<Run> runs) {
        return of(runs, COMPUTED);
    }

    /** @return the runs, in any order, their hashes found by {@code hashes} */
    public static VersionRuns of(List<Run> runs, RunHashes hashes) {
        return new VersionRuns(RunLists.canonical(runs), hashes);
    }

    /** @return the ranges {@code [from, to]} per origin, as a store's summary gives them */
    public static VersionRuns ofRanges(Map<String, List<long[]>> ranges) {
        List<Run> runs = new ArrayList<>();
        ranges.forEach((origin, list) -> list.forEach(range -> runs.add(new Run(origin, range[0], range[1]))));
        return of(runs);
    }

    /** @return the number of runs in all */
    public int size() {
        return origins.length;
    }

    Run run(int index) {
        return new Run(origins[index], from[index], to[index]);
    }

    /** @return the index of the first run with a version at or after {@code lo} */
    int firstIndex(Bound lo) {
        return firstNot(i -> lo.above(origins[i], to[i]));
    }

    /** @return the index of the first run whose first version is at or after {@code hi} */
    int endIndex(Bound hi) {
        return firstNot(i -> hi.above(origins[i], from[i]));
    }

    /** @return the first index where {@code before} fails; it holds for a prefix of the runs */
    private int firstNot(IntPredicate before) {
        int low = 0;
        int high = origins.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (before.test(mid)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** @return the number of runs with versions in {@code [lo, hi)} */
    int count(Bound lo, Bound hi) {
        return lo.compareTo(hi) >= 0 ? 0 : Math.max(0, endIndex(hi) - firstIndex(lo));
    }

    /** @return the runs in {@code [lo, hi)}, the first and last cut to the range */
    List<Run> runs(Bound lo, Bound hi) {
        int first = firstIndex(lo);
        int end = lo.compareTo(hi) >= 0 ? first : endIndex(hi);
        List<Run> runs = new ArrayList<>(Math.max(0, end - first));
        for (int i = first; i < end; i++) {
            Run clipped = run(i).clip(lo, hi);
            if (clipped != null) {
                runs.add(clipped);
            }
        }
        return runs;
    }

    /** @return the fingerprint of the versions in {@code [lo, hi)} */
    byte[] fingerprint(Bound lo, Bound hi) {
        int first = firstIndex(lo);
        int end = lo.compareTo(hi) >= 0 ? first : endIndex(hi);
        if (end <= first) {
            return Fingerprints.of(0, 0, 0);
        }
        long a = sumA[end] - sumA[first];
        long b = sumB[end] - sumB[first];
        // Only the first and the last run can stick out of the range: swap their hashes for those of their parts.
        for (int i : first == end - 1 ? new int[] {first} : new int[] {first, end - 1}) {
            Run whole = run(i);
            Run part = whole.clip(lo, hi);
            if (part != whole) {
                a -= sumA[i + 1] - sumA[i];
                b -= sumB[i + 1] - sumB[i];
                long[] hash = Fingerprints.of(part);
                a += hash[0];
                b += hash[1];
            }
        }
        return Fingerprints.of(a, b, end - first);
    }

    /**
     * @return up to {@code parts - 1} bounds that cut {@code [lo, hi)} into parts of about as many runs each, each
     *         strictly inside the range, ascending; none if the range holds fewer than two runs
     */
    List<Bound> splits(Bound lo, Bound hi, int parts) {
        int first = firstIndex(lo);
        int count = endIndex(hi) - first;
        int pieces = Math.min(parts, count);
        List<Bound> bounds = new ArrayList<>(Math.max(0, pieces - 1));
        for (int k = 1; k < pieces; k++) {
            int at = first + (int) ((long) count * k / pieces);
            bounds.add(origins[at - 1].equals(origins[at]) ? new Bound(origins[at], from[at])
                    : Bound.between(origins[at - 1], origins[at]));
        }
        return bounds;
    }
}
