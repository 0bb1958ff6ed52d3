package org.dump.federation.internal.reconcile;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.Test;

/** What a peer that lies in reconciliation can make a node do: bounded work, and no findings it cannot check. */
public class LyingPeerTest {

    private static final Limits LIMITS = Limits.DEFAULT;

    @Test
    public void fingerprintsThatNeverAgreeEndAfterTheRoundLimitWithMessagesWithinTheBudget() throws Exception {
        VersionRuns mine = VersionRuns.of(VersionSets.runs(VersionSets.full(new Random(1), 2_000, 10)));
        Random random = new Random(2);
        int[] calls = {0};
        int[] largest = {0};
        Reconciliation.Outcome outcome = Reconciliation.run(mine, LIMITS, message -> {
            calls[0]++;
            largest[0] = Math.max(largest[0], message.length);
            // Endless splits: every answer cuts the whole space into 4,000 ranges of made-up fingerprints.
            List<Segment> lies = new ArrayList<>();
            for (int i = 1; i < 4_000; i++) {
                lies.add(new Segment.Fingerprint(new Bound(String.format("%06d", i), 0), randomPrint(random)));
            }
            lies.add(new Segment.Fingerprint(Bound.END, randomPrint(random)));
            return ReconcileCodec.encode(lies);
        });
        assertEquals(LIMITS.rounds(), calls[0]);
        assertFalse(outcome.findings().complete());
        assertTrue("largest message " + largest[0], largest[0] <= LIMITS.messageBytes());
    }

    @Test
    public void claimedDifferencesAreCheckedAgainstWhatTheNodeHolds() throws Exception {
        VersionRuns mine = VersionRuns.of(List.of(new Run("o", 1, 100), new Run("x", 1, 100)));
        Reconciliation.Outcome outcome = Reconciliation.run(mine, LIMITS, message -> ReconcileCodec.encode(List.of(
                // "You lack every number of o" (most of which this node holds), "I lack every number of x".
                new Segment.Differences(Bound.END, List.of(new Run("o", 1, Long.MAX_VALUE)),
                        List.of(new Run("x", 1, Long.MAX_VALUE))))));
        assertEquals("only what this node holds is offered", List.of(new Run("x", 1, 100)),
                outcome.findings().theyLack());
        assertEquals("what it lacks is a claim to ask for: records come only with their origin's signature",
                List.of(new Run("o", 101, Long.MAX_VALUE)), outcome.findings().weLack());
    }

    @Test
    public void messagesThatBreakTheProtocolAreRefusedWithAReason() {
        byte[] print = new byte[Fingerprints.SIZE];
        refused("bounds must increase", List.of(new Segment.Skip(new Bound("b", 0)),
                new Segment.Fingerprint(new Bound("a", 0), print), new Segment.Skip(Bound.END)));
        refused("reach the end", List.of(new Segment.Fingerprint(new Bound("b", 0), print)));
        refused("outside its segment", List.of(new Segment.Skip(new Bound("b", 0)),
                new Segment.Runs(Bound.END, List.of(new Run("a", 1, 2)))));
        refused("sorted and apart", List.of(new Segment.Runs(Bound.END, List.of(new Run("b", 1, 2),
                new Run("a", 1, 2)))));
        refused("sorted and apart", List.of(new Segment.Runs(Bound.END, List.of(new Run("a", 1, 5),
                new Run("a", 3, 9)))));
        refused("not a reconciliation message", new byte[] {9});
        refused("ends in the middle", new byte[] {1, 0, 1, 5});
        refused("unknown segment mode", new byte[] {1, 0, 7});
        refused("over 2⁶³ − 1", new byte[] {1, (byte) 0x81, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1});
        refused("an origin of more than", new byte[] {1, 1, 65});
        refused("printable ASCII", new byte[] {1, 1, 1, 0, 0, 0});
        refused("more than 16384 runs", new byte[] {1, 0, 2, (byte) 0x81, (byte) 0x80, 1});
        refused("bytes; at most", new byte[LIMITS.messageBytes() + 1]);
    }

    @Test
    public void randomAndMangledMessagesGetAnAnswerOrARefusalAndNothingElse() throws Exception {
        Random random = new Random(3);
        VersionRuns mine = VersionRuns.of(VersionSets.runs(VersionSets.full(random, 300, 5)));
        byte[] valid = ReconcileCodec.encode(new Reconciler(VersionRuns.of(VersionSets.runs(
                VersionSets.full(random, 300, 5))), LIMITS).respond(List.of(new Segment.Fingerprint(Bound.END,
                        new byte[Fingerprints.SIZE])), new Findings(1_000), false));
        int answered = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] message = trial % 2 == 0 ? valid.clone() : new byte[1 + random.nextInt(64)];
            if (trial % 2 == 0) {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    message[random.nextInt(message.length)] = (byte) random.nextInt(256);
                }
            } else {
                random.nextBytes(message);
                message[0] = 1;
            }
            try {
                Reconciliation.answer(mine, LIMITS, message);
                answered++;
            } catch (MalformedReconciliation refused) {
                assertTrue(refused.getMessage(), refused.getMessage() != null && !refused.getMessage().isBlank());
            }
        }
        assertTrue("some mangled messages are still well-formed: " + answered, answered > 0);
    }

    private static void refused(String reason, List<Segment> message) {
        refused(reason, ReconcileCodec.encode(message));
    }

    private static void refused(String reason, byte[] message) {
        VersionRuns mine = VersionRuns.of(List.of(new Run("a", 1, 3), new Run("b", 1, 3)));
        try {
            Reconciliation.answer(mine, LIMITS, message);
            fail("taken: a message that should be refused for " + reason);
        } catch (MalformedReconciliation refused) {
            assertTrue(refused.getMessage() + " does not say " + reason, refused.getMessage().contains(reason));
        }
    }

    private static byte[] randomPrint(Random random) {
        byte[] print = new byte[Fingerprints.SIZE];
        random.nextBytes(print);
        return print;
    }
}
