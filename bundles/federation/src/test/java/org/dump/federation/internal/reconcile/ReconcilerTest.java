package org.dump.federation.internal.reconcile;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.dump.federation.internal.reconcile.VersionSets.Version;
import org.junit.Test;

public class ReconcilerTest {

    @Test
    public void nodesInStepSettleInOneRoundTripOfAFewBytesWhateverTheirSize() throws Exception {
        for (int origins : new int[] {1, 100, 10_000}) {
            List<Run> runs = VersionSets.runs(VersionSets.full(new Random(origins), origins, 100));
            Reconciliation.Outcome outcome = reconcile(VersionRuns.of(runs), VersionRuns.of(runs));
            assertEquals(origins + " origins", 1, outcome.roundTrips());
            assertTrue(origins + " origins: " + outcome, outcome.bytesSent() + outcome.bytesReceived() <= 64);
            assertEquals(List.of(), outcome.findings().theyLack());
            assertEquals(List.of(), outcome.findings().weLack());
            assertTrue(outcome.findings().complete());
        }
    }

    @Test
    public void findsExactlyTheDifferencesEitherWayFromNoneToTenThousand() throws Exception {
        Random random = new Random(23);
        TreeSet<Version> base = VersionSets.full(random, 1_000, 30);
        for (int d : new int[] {0, 1, 2, 10, 100, 1_000, 10_000}) {
            TreeSet<Version> mine = new TreeSet<>(base);
            TreeSet<Version> theirs = new TreeSet<>(base);
            for (Version v : VersionSets.pick(random, base, d)) {
                (random.nextBoolean() ? mine : theirs).remove(v);
            }
            Reconciliation.Outcome outcome = reconcile(VersionRuns.of(VersionSets.runs(mine)),
                    VersionRuns.of(VersionSets.runs(theirs)));
            assertEquals(d + " differences", VersionSets.runs(VersionSets.minus(mine, theirs)),
                    outcome.findings().theyLack());
            assertEquals(d + " differences", VersionSets.runs(VersionSets.minus(theirs, mine)),
                    outcome.findings().weLack());
            assertTrue(outcome.findings().complete());
            // Up to 32,000 runs: log16 n ≤ 4 levels, each at most a round trip; more only when the differences
            // themselves fill messages.
            long bytes = outcome.bytesSent() + outcome.bytesReceived();
            assertTrue(d + " differences: " + outcome.roundTrips() + " round trips, " + bytes + " bytes",
                    outcome.roundTrips() <= 4 + bytes / Limits.DEFAULT.messageBytes());
        }
    }

    @Test
    public void interleavedOriginsNewOriginsAndAnEmptySideAllReconcile() throws Exception {
        Random random = new Random(5);
        TreeSet<Version> mine = VersionSets.full(random, 300, 20);
        TreeSet<Version> theirs = new TreeSet<>(mine);
        theirs.addAll(VersionSets.full(random, 50, 7)); // origins only they have seen, between ours in the order
        mine.addAll(VersionSets.full(random, 40, 3));
        for (Version v : VersionSets.pick(random, mine, 200)) {
            if (v.sequence() % 2 == 0) {
                theirs.remove(v);
            }
        }
        check(mine, theirs);
        check(new TreeSet<>(), theirs);
        check(mine, new TreeSet<>());
        check(new TreeSet<>(), new TreeSet<>());
    }

    @Test
    public void differencesNearTheLargestSequenceNumberAreFound() throws Exception {
        VersionRuns mine = VersionRuns.of(List.of(new Run("o", 1, Long.MAX_VALUE)));
        VersionRuns theirs = VersionRuns.of(List.of(new Run("o", 1, Long.MAX_VALUE - 1)));
        Reconciliation.Outcome outcome = reconcile(mine, theirs);
        assertEquals(List.of(new Run("o", Long.MAX_VALUE, Long.MAX_VALUE)), outcome.findings().theyLack());
        assertEquals(List.of(), outcome.findings().weLack());
    }

    @Test
    public void aLargeCatchUpGoesOnOverRoundsWithinTheMessageBudget() throws Exception {
        Limits small = new Limits(16 * 1024, 256, 1024, 64, 1_000_000, 16, 8);
        TreeSet<Version> theirs = VersionSets.full(new Random(9), 2_000, 5);
        TreeSet<Version> mine = new TreeSet<>(theirs);
        for (Version v : VersionSets.pick(new Random(10), theirs, 1_500)) {
            mine.remove(v);
        }
        VersionRuns theirRuns = VersionRuns.of(VersionSets.runs(theirs));
        int[] largest = {0};
        Reconciliation.Outcome outcome = Reconciliation.run(VersionRuns.of(VersionSets.runs(mine)), small, m -> {
            byte[] answer = Reconciliation.answer(theirRuns, small, m);
            largest[0] = Math.max(largest[0], Math.max(m.length, answer.length));
            return answer;
        });
        assertEquals(VersionSets.runs(VersionSets.minus(theirs, mine)), outcome.findings().weLack());
        assertTrue(outcome.findings().complete());
        assertTrue("largest message " + largest[0], largest[0] <= small.messageBytes());
    }

    private static void check(TreeSet<Version> mine, TreeSet<Version> theirs) throws Exception {
        Reconciliation.Outcome outcome = reconcile(VersionRuns.of(VersionSets.runs(mine)),
                VersionRuns.of(VersionSets.runs(theirs)));
        assertEquals(VersionSets.runs(VersionSets.minus(mine, theirs)), outcome.findings().theyLack());
        assertEquals(VersionSets.runs(VersionSets.minus(theirs, mine)), outcome.findings().weLack());
        assertTrue(outcome.findings().complete());
    }

    static Reconciliation.Outcome reconcile(VersionRuns mine, VersionRuns theirs) throws Exception {
        return Reconciliation.run(mine, Limits.DEFAULT, m -> Reconciliation.answer(theirs, Limits.DEFAULT, m));
    }
}
