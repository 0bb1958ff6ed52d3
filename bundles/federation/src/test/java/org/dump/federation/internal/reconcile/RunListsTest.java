package org.dump.federation.internal.reconcile;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.dump.federation.internal.reconcile.VersionSets.Version;
import org.junit.Test;

public class RunListsTest {

    @Test
    public void setArithmeticAgreesWithSetsCountedVersionByVersion() {
        Random random = new Random(7);
        List<String> origins = List.of("b", "bb", "c", "zz");
        for (int trial = 0; trial < 500; trial++) {
            TreeSet<Version> a = randomSet(random, origins);
            TreeSet<Version> b = randomSet(random, origins);
            List<Run> runsA = VersionSets.runs(a);
            List<Run> runsB = VersionSets.runs(b);
            assertEquals(runsA, RunLists.canonical(shuffledPieces(random, runsA)));
            assertTrue(RunLists.isCanonical(runsA));
            assertEquals(VersionSets.runs(VersionSets.minus(a, b)), RunLists.minus(runsA, runsB));
            TreeSet<Version> both = new TreeSet<>(a);
            both.retainAll(b);
            assertEquals(VersionSets.runs(both), RunLists.intersect(runsA, runsB));
            assertEquals(a.size(), RunLists.versions(runsA));
        }
    }

    @Test
    public void runsUpToTheLargestNumberNeitherOverflowNorCountVersionByVersion() {
        List<Run> all = List.of(new Run("o", 1, Long.MAX_VALUE));
        List<Run> some = List.of(new Run("o", 5, 9), new Run("o", Long.MAX_VALUE - 1, Long.MAX_VALUE));
        assertEquals(List.of(new Run("o", 1, 4), new Run("o", 10, Long.MAX_VALUE - 2)), RunLists.minus(all, some));
        assertEquals(some, RunLists.intersect(all, some));
        assertEquals(Long.MAX_VALUE, RunLists.versions(all));
        assertEquals(List.of(new Run("o", 0, Long.MAX_VALUE)),
                RunLists.canonical(List.of(new Run("o", 0, 0), new Run("o", 1, Long.MAX_VALUE),
                        new Run("o", Long.MAX_VALUE, Long.MAX_VALUE))));
        assertFalse(RunLists.isCanonical(List.of(new Run("o", 1, Long.MAX_VALUE), new Run("o", 3, 4))));
    }

    private static TreeSet<Version> randomSet(Random random, List<String> origins) {
        TreeSet<Version> set = new TreeSet<>();
        for (String origin : origins) {
            for (long s = 0; s < 20; s++) {
                if (random.nextInt(3) > 0) {
                    set.add(new Version(origin, s));
                }
            }
        }
        return set;
    }

    /** The runs cut into overlapping pieces, in random order. */
    private static List<Run> shuffledPieces(Random random, List<Run> runs) {
        List<Run> pieces = new ArrayList<>();
        for (Run run : runs) {
            long cut = run.from() + random.nextInt((int) (run.to() - run.from() + 1));
            pieces.add(new Run(run.origin(), run.from(), cut));
            pieces.add(new Run(run.origin(), Math.max(run.from(), cut - 1), run.to()));
        }
        java.util.Collections.shuffle(pieces, random);
        return pieces;
    }
}
