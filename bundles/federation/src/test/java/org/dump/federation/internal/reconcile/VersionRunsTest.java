package org.dump.federation.internal.reconcile;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.dump.federation.internal.reconcile.VersionSets.Version;
import org.junit.Test;

public class VersionRunsTest {

    private static final List<String> ORIGINS = List.of("aa", "ab", "b", "ba", "c");

    @Test
    public void rangesHoldTheVersionsBetweenTheirBoundsAndFingerprintsTellEqualSetsFromOthers() {
        Random random = new Random(11);
        for (int trial = 0; trial < 400; trial++) {
            TreeSet<Version> a = randomSet(random);
            TreeSet<Version> b = new TreeSet<>(a);
            for (Version v : VersionSets.pick(random, randomSet(random), random.nextInt(3))) {
                if (!b.remove(v)) {
                    b.add(v);
                }
            }
            VersionRuns runsA = VersionRuns.of(VersionSets.runs(a));
            VersionRuns runsB = VersionRuns.of(VersionSets.runs(b));
            Bound lo = randomBound(random);
            Bound hi = randomBound(random);
            if (hi.compareTo(lo) < 0) {
                Bound swap = lo;
                lo = hi;
                hi = swap;
            }
            TreeSet<Version> inA = within(a, lo, hi);
            TreeSet<Version> inB = within(b, lo, hi);
            assertEquals(VersionSets.runs(inA), runsA.runs(lo, hi));
            assertEquals(VersionSets.runs(inA).size(), runsA.count(lo, hi));
            assertEquals(lo + ".." + hi + " " + inA + " vs " + inB, inA.equals(inB),
                    Arrays.equals(runsA.fingerprint(lo, hi), runsB.fingerprint(lo, hi)));
        }
    }

    @Test
    public void theFingerprintOfASetDoesNotDependOnHowItsRunsCameIn() {
        VersionRuns whole = VersionRuns.of(List.of(new Run("o", 1, 100), new Run("p", 3, 3)));
        VersionRuns pieces = VersionRuns.of(List.of(new Run("p", 3, 3), new Run("o", 51, 100), new Run("o", 1, 50),
                new Run("o", 20, 60)));
        assertArrayEquals(whole.fingerprint(Bound.MIN, Bound.END), pieces.fingerprint(Bound.MIN, Bound.END));
        assertArrayEquals("a range that cuts a run", whole.fingerprint(new Bound("o", 7), new Bound("o", 90)),
                VersionRuns.of(List.of(new Run("o", 7, 89))).fingerprint(Bound.MIN, Bound.END));
        assertFalse(Arrays.equals(whole.fingerprint(Bound.MIN, Bound.END),
                VersionRuns.of(List.of(new Run("o", 1, 100))).fingerprint(Bound.MIN, Bound.END)));
    }

    @Test
    public void splitsCutARangeIntoPartsOfAboutAsManyRunsStrictlyInsideIt() {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            runs.add(new Run("origin" + (1000 + i), 1, 10));
            runs.add(new Run("origin" + (1000 + i), 12, 20));
        }
        VersionRuns all = VersionRuns.of(runs);
        Bound lo = new Bound("origin1010", 5);
        Bound hi = new Bound("origin1090", 15);
        List<Bound> splits = all.splits(lo, hi, 16);
        assertEquals(15, splits.size());
        Bound previous = lo;
        int total = 0;
        for (Bound split : splits) {
            assertTrue(previous + " < " + split, previous.compareTo(split) < 0);
            int count = all.count(previous, split);
            assertTrue("part of " + count + " runs", count >= 10 && count <= 11);
            total += count;
            previous = split;
        }
        assertTrue(previous.compareTo(hi) < 0);
        assertEquals(all.count(lo, hi), total + all.count(previous, hi));
        assertEquals(new Bound("abd", 0), Bound.between("abcz", "abdefg"));
        assertEquals(new Bound("c", 0), Bound.between("b", "ca"));
        assertEquals(new Bound("ab", 0), Bound.between("a", "ab"));
        assertEquals(List.of(), VersionRuns.of(List.of(new Run("o", 1, 9))).splits(Bound.MIN, Bound.END, 16));
    }

    private static TreeSet<Version> randomSet(Random random) {
        TreeSet<Version> set = new TreeSet<>();
        for (String origin : ORIGINS) {
            for (long s = 0; s < 12; s++) {
                if (random.nextInt(4) > 0) {
                    set.add(new Version(origin, s));
                }
            }
        }
        return set;
    }

    private static Bound randomBound(Random random) {
        if (random.nextInt(10) == 0) {
            return random.nextBoolean() ? Bound.MIN : Bound.END;
        }
        String origin = ORIGINS.get(random.nextInt(ORIGINS.size()));
        if (random.nextInt(4) == 0) {
            origin = origin.substring(0, 1);
        }
        return new Bound(origin, random.nextInt(14));
    }

    private static TreeSet<Version> within(TreeSet<Version> set, Bound lo, Bound hi) {
        TreeSet<Version> in = new TreeSet<>();
        for (Version v : set) {
            if (!lo.above(v.origin(), v.sequence()) && hi.above(v.origin(), v.sequence())) {
                in.add(v);
            }
        }
        return in;
    }
}
