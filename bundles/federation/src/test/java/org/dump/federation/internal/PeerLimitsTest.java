package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.dump.node.testing.Configs;
import org.junit.Test;

/** Per-peer token buckets on a clock the test moves. */
public class PeerLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final PeerLimits limits = new PeerLimits(10, 1024 * 1024, now::get);

    @Test
    public void aBurstOfTwoSecondsPassesAndAFloodIsRefusedAndReportedOncePerMinute() {
        for (int i = 0; i < 20; i++) {
            assertTrue("request " + i, limits.admit("peer-a", 100).isEmpty());
        }
        PeerLimits.Excess first = limits.admit("peer-a", 100).orElseThrow();
        assertTrue(first.reason(), first.reason().contains("10 requests per second"));
        assertEquals("the first refusal is reported at once", 1, first.toReport());
        for (int i = 0; i < 50; i++) {
            assertEquals(0, limits.admit("peer-a", 100).orElseThrow().toReport());
        }
        assertTrue("another peer has its own allowance", limits.admit("peer-b", 100).isEmpty());

        now.addAndGet(1_000_000_000L);
        for (int i = 0; i < 10; i++) {
            assertTrue("a second later, ten more: " + i, limits.admit("peer-a", 100).isEmpty());
        }
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 20; i++) {
            limits.admit("peer-a", 100);
        }
        assertEquals("a minute later: the 50 refused since the last report, and this one", 51,
                limits.admit("peer-a", 100).orElseThrow().toReport());
    }

    @Test
    public void aCostlyRequestTakesMoreOfTheAllowance() {
        assertTrue(limits.admit("hello from 127.0.0.1", 10, 10).isEmpty());
        assertTrue(limits.admit("hello from 127.0.0.1", 10, 10).isEmpty());
        assertTrue("two seconds' worth of ten requests a second is spent", limits.admit("hello from 127.0.0.1", 10, 10)
                .isPresent());
    }

    @Test
    public void bodiesBeyondTheByteRateAreRefused() {
        assertTrue(limits.admit("peer-a", 2 * 1024 * 1024).isEmpty());
        PeerLimits.Excess excess = limits.admit("peer-a", 1).orElseThrow();
        assertTrue(excess.reason(), excess.reason().contains("1024 KiB per second"));
        now.addAndGet(500_000_000L);
        assertTrue("half a second refills half a MiB", limits.admit("peer-a", 400 * 1024).isEmpty());
    }

    @Test
    public void hellosFromEverMoreAddressesKeepBucketsForTheMostRecentOnly() {
        PeerLimits few = new PeerLimits(10, 1024 * 1024, now::get, 16, 100, 1000, 100);
        assertTrue(few.admit("peer-a", 10, 0).isEmpty());
        assertTrue(few.admit("peer-a", 10, 0).isEmpty());
        assertTrue("peer-a has spent its allowance", few.admit("peer-a", 1, 0).isPresent());
        for (int i = 0; i < 100 + 1000; i++) {
            few.admit("hello from 10.0." + i / 256 + "." + i % 256, 10, 0);
            if (i % 50 == 0) {
                assertTrue("a sender seen again stays", few.admit("peer-b", 0, 0).isEmpty());
            }
        }
        assertEquals("never more than the bound", 100, few.senders());
        assertTrue("the least recently seen is forgotten, and starts with a full bucket: what an idle one has",
                few.admit("peer-a", 10, 0).isEmpty());
    }

    @Test
    public void everyMemoryOfNoncesHandedOutIsCountedOnceAndWithinItsBound() {
        PeerLimits few = new PeerLimits(10, 1024 * 1024, now::get, 16, 10, 50, 100);
        ReplayGuard hello = few.replayGuard("hello");
        few.replayGuard("hello"); // the component started again: the memory it had is gone with it
        ReplayGuard again = few.replayGuard("hello");
        ReplayGuard federation = few.replayGuard("federation");
        long created = java.time.Instant.now().getEpochSecond();
        for (int i = 0; i < 50 + 1000; i++) {
            again.check("node-" + i, "n", created);
            federation.check("node-" + i % 5, "n" + i, created + i / 100);
        }
        assertEquals(0, hello.remembered());
        assertEquals(100, few.noncesLimit());
        assertEquals("50 signers of one nonce, and 5 of the most 10 each", 50 + 50, few.noncesRemembered());
    }

    /** Changed limits apply to the same instance: the servlets built on it stay on the web server. */
    @Test
    public void changedLimitsApplyWithoutANewInstance() {
        PeerLimits changing = new PeerLimits(10, 1024 * 1024, now::get, 2, 5, 50, 100);
        ReplayGuard guard = changing.replayGuard("records");
        assertTrue(changing.enter());
        assertTrue(changing.enter());
        assertFalse("two places", changing.enter());
        for (int i = 0; i < 20; i++) {
            changing.admit("peer-a", 100);
        }
        assertTrue(changing.admit("peer-a", 100).isPresent());

        changing.modified(config(100, 3, 1, 7));

        assertTrue("a third place", changing.enter());
        assertFalse(changing.enter());
        for (int i = 0; i < 200; i++) {
            assertTrue("full buckets at 100 a second: " + i, changing.admit("peer-a", 100).isEmpty());
        }
        assertEquals("more than 100 requests per second", changing.admit("peer-a", 100).orElseThrow().reason());
        assertEquals("the nonce memory handed out takes the new bound", 7, guard.limit());

        changing.modified(config(100, 1, 1, 7));
        changing.leave();
        changing.leave();
        assertFalse("one place, still taken", changing.enter());
        changing.leave();
        assertTrue(changing.enter());
        assertFalse(changing.enter());
    }

    private static PeerLimits.Config config(int requestsPerSecond, int concurrentRequests, int noncesPerPeer,
            int noncesInAll) {
        return Configs.of(PeerLimits.Config.class, Map.of("requestsPerSecond", requestsPerSecond,
                "kilobytesPerSecond", 16 * 1024, "concurrentRequests", concurrentRequests, "noncesPerPeer",
                noncesPerPeer, "noncesInAll", noncesInAll));
    }
}
