package org.dump.federation.internal.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/** Sets of versions counted one by one: the plain model the run arithmetic and reconciliation are checked against. */
final class VersionSets {

    record Version(String origin, long sequence) implements Comparable<Version> {
        @Override
        public int compareTo(Version other) {
            int byOrigin = origin.compareTo(other.origin);
            return byOrigin != 0 ? byOrigin : Long.compare(sequence, other.sequence);
        }
    }

    private VersionSets() {
    }

    /** @return a node id such as origins have: 32 characters of base32 */
    static String origin(Random random) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /** @return {@code origins} origins with versions 1 to {@code each} */
    static TreeSet<Version> full(Random random, int origins, int each) {
        TreeSet<Version> set = new TreeSet<>();
        for (int o = 0; o < origins; o++) {
            String origin = origin(random);
            for (long s = 1; s <= each; s++) {
                set.add(new Version(origin, s));
            }
        }
        return set;
    }

    /** @return the set as runs, grouped version by version */
    static List<Run> runs(TreeSet<Version> set) {
        List<Run> runs = new ArrayList<>();
        Version first = null;
        Version last = null;
        for (Version v : set) {
            if (last != null && last.origin().equals(v.origin()) && last.sequence() + 1 == v.sequence()) {
                last = v;
                continue;
            }
            if (first != null) {
                runs.add(new Run(first.origin(), first.sequence(), last.sequence()));
            }
            first = v;
            last = v;
        }
        if (first != null) {
            runs.add(new Run(first.origin(), first.sequence(), last.sequence()));
        }
        return runs;
    }

    /** @return the versions of {@code runs}, one by one (small runs only) */
    static TreeSet<Version> versions(List<Run> runs) {
        TreeSet<Version> set = new TreeSet<>();
        for (Run run : runs) {
            for (long s = run.from(); s <= run.to(); s++) {
                set.add(new Version(run.origin(), s));
            }
        }
        return set;
    }

    static TreeSet<Version> minus(TreeSet<Version> a, TreeSet<Version> b) {
        TreeSet<Version> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    /** @return {@code count} versions of {@code set} picked at random */
    static List<Version> pick(Random random, TreeSet<Version> set, int count) {
        List<Version> all = new ArrayList<>(set);
        java.util.Collections.shuffle(all, random);
        return all.subList(0, Math.min(count, all.size()));
    }
}
