package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.dump.node.testing.MutableClock;
import org.junit.Test;

/**
 * Nonces per signer (issue 22, item 3): one peer that fills its memory, even with requests dated five minutes
 * ahead, refuses only its own requests; what arrived more than ten minutes ago on this node's clock is forgotten.
 */
public class ReplayGuardTest {

    private static final String A = "aaaa";
    private static final String B = "bbbb";

    private final MutableClock clock = new MutableClock();
    private final long t = clock.instant().getEpochSecond();

    @Test
    public void aNonceIsAcceptedOncePerSigner() {
        ReplayGuard guard = new ReplayGuard(clock, 10);
        assertTrue(guard.firstTime(A, "n1", t));
        assertFalse(guard.firstTime(A, "n1", t));
        assertTrue("another signer's nonce is its own", guard.firstTime(B, "n1", t));
    }

    @Test
    public void onePeerFillingItsMemoryWithFutureRequestsRefusesOnlyItself() {
        ReplayGuard guard = new ReplayGuard(clock, 100);
        for (int i = 0; i < 5_000; i++) {
            guard.firstTime(A, "a" + i, t + 299);
        }

        assertEquals(100, guard.remembered(A));
        assertTrue("an honest peer is not affected", guard.firstTime(B, "b1", t));
        assertFalse("the flooder's own requests not newer than what it dropped are refused",
                guard.firstTime(A, "late", t + 10));
    }

    @Test
    public void anHonestSignerThatOverflowsItsMemoryInOrderIsNotRefused() {
        ReplayGuard guard = new ReplayGuard(clock, 3);
        for (int i = 0; i < 10; i++) {
            assertTrue(guard.firstTime(A, "n" + i, t + i));
        }
        assertFalse("a dropped nonce sent again", guard.firstTime(A, "n0", t));
    }

    @Test
    public void expiryGoesByThisNodesClockNotByCreated() {
        ReplayGuard guard = new ReplayGuard(clock, 10);
        assertTrue(guard.firstTime(A, "future", t + 300));
        clock.advance(Duration.ofSeconds(599));
        assertFalse("kept ten minutes from its arrival", guard.firstTime(A, "future", t + 300));
        clock.advance(Duration.ofSeconds(2));
        assertEquals("forgotten after that, whatever its created", 0, guard.remembered(B));
        guard.firstTime(B, "tick", clock.instant().getEpochSecond());
        assertEquals(0, guard.remembered(A));
    }

    @Test
    public void signersMadeUpByTheThousandStayWithinTheBoundInAllAndReplayNothing() {
        ReplayGuard guard = new ReplayGuard(clock, 100, 1000);
        assertTrue(guard.firstTime(A, "a0", t));
        for (int i = 0; i < 1000 + 1000; i++) {
            guard.check("made-up-" + i, "n", t);
        }
        assertEquals("never more than the bound in all", 1000, guard.remembered());
        assertEquals("a signer not remembered waits for room", ReplayGuard.Verdict.FULL, guard.check(B, "b0", t));
        assertEquals("a signer remembered makes room among its own", ReplayGuard.Verdict.FIRST,
                guard.check(A, "a1", t + 1));
        assertEquals(1000, guard.remembered());
        assertEquals("the nonce it let go of is not taken again", ReplayGuard.Verdict.SEEN, guard.check(A, "a0", t));
        assertEquals(ReplayGuard.Verdict.SEEN, guard.check(A, "a1", t + 1));
        assertEquals("nor one of the made-up signers it remembers", ReplayGuard.Verdict.SEEN,
                guard.check("made-up-0", "n", t));

        clock.advance(Duration.ofSeconds(601));
        assertEquals("room again once they expire", ReplayGuard.Verdict.FIRST, guard.check(B, "b0",
                clock.instant().getEpochSecond()));
        assertEquals(1, guard.remembered());
    }
}
