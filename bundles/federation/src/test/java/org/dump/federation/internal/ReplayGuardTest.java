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
}
