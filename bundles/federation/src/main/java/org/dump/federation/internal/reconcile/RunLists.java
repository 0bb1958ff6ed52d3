package org.dump.federation.internal.reconcile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Set arithmetic on lists of runs in canonical form: sorted by origin and number, no two overlapping or adjacent
 * within an origin. Each operation walks its lists once and never counts version by version, so a run of
 * {@code [1, Long.MAX_VALUE]} costs what a run of one version costs.
 */
public final class RunLists {

    static final Comparator<Run> ORDER = Comparator.comparing(Run::origin).thenComparingLong(Run::from);

    private RunLists() {
    }

    /** @return {@code runs} sorted, with overlapping and adjacent runs of an origin merged */
    public static List<Run> canonical(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(ORDER);
        List<Run> merged = new ArrayList<>(sorted.size());
        for (Run run : sorted) {
            Run last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.origin().equals(run.origin())
                    && (last.to() == Long.MAX_VALUE || run.from() <= last.to() + 1)) {
                merged.set(merged.size() - 1, new Run(last.origin(), last.from(), Math.max(last.to(), run.to())));
            } else {
                merged.add(run);
            }
        }
        return merged;
    }

    /** @return whether {@code runs} is in canonical form */
    static boolean isCanonical(List<Run> runs) {
        for (int i = 1; i < runs.size(); i++) {
            Run previous = runs.get(i - 1);
            Run run = runs.get(i);
            int byOrigin = previous.origin().compareTo(run.origin());
            if (byOrigin > 0 || byOrigin == 0 && (previous.to() == Long.MAX_VALUE || run.from() <= previous.to() + 1)) {
                return false;
            }
        }
        return true;
    }

    /** @return the versions of {@code a} that are not in {@code b}, both canonical */
    public static List<Run> minus(List<Run> a, List<Run> b) {
        List<Run> out = new ArrayList<>();
        int j = 0;
        for (Run run : a) {
            long from = run.from();
            boolean left = true;
            while (j < b.size() && before(b.get(j), run)) {
                j++;
            }
            for (int k = j; k < b.size() && left; k++) {
                Run cut = b.get(k);
                if (!cut.origin().equals(run.origin()) || cut.from() > run.to()) {
                    break;
                }
                if (cut.to() < from) {
                    continue;
                }
                if (cut.from() > from) {
                    out.add(new Run(run.origin(), from, cut.from() - 1));
                }
                if (cut.to() >= run.to()) {
                    left = false;
                } else {
                    from = cut.to() + 1;
                }
            }
            if (left) {
                out.add(from == run.from() ? run : new Run(run.origin(), from, run.to()));
            }
        }
        return out;
    }

    /** @return the versions in both {@code a} and {@code b}, both canonical */
    public static List<Run> intersect(List<Run> a, List<Run> b) {
        return minus(a, minus(a, b));
    }

    /** @return the number of versions in {@code runs}, at most {@link Long#MAX_VALUE} */
    public static long versions(List<Run> runs) {
        long total = 0;
        for (Run run : runs) {
            total = total + run.size() < 0 ? Long.MAX_VALUE : total + run.size();
        }
        return total;
    }

    /** Whether run {@code cut} lies wholly before {@code run} (so it is before every later run of a canonical list). */
    private static boolean before(Run cut, Run run) {
        int byOrigin = cut.origin().compareTo(run.origin());
        return byOrigin < 0 || byOrigin == 0 && cut.to() < run.from();
    }
}
