package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

/**
 * The peer exchange's rule, per module: a node running the market and the forum, whose three peers run only the
 * forum, still wants three that run the market (at 10,000 simulated nodes, a rule that counted peers of any module
 * left such nodes without a single peer for one of their modules), and never more than maxPeers in all.
 */
public class PeerChoiceTest {

    private static final List<String> FORUM = List.of("forum@1.0.0");
    private static final List<String> MARKET = List.of("market@1.0.0");
    private static final List<String> BOTH = List.of("market@1.0.0", "forum@2.0.0");

    @Test
    public void peersOfAnotherModuleDoNotCount() {
        PeerChoice.Wants wants = new PeerChoice(3, 16).wants(Set.of("market", "forum"), List.of(FORUM, FORUM, FORUM));

        assertEquals(Map.of("market", 3, "forum", 0), wants.lacking());
        assertTrue(wants.any());
        assertFalse("a node of the forum alone gives nothing it lacks", wants.servedBy(FORUM));
        assertTrue(wants.servedBy(MARKET));
        assertTrue(wants.servedBy(BOTH));
    }

    @Test
    public void aPeerCountsForEveryModuleItRunsAndTakingStopsWhenEachHasEnough() {
        PeerChoice.Wants wants = new PeerChoice(2, 16).wants(Set.of("market", "forum"), List.of());
        wants.took(BOTH);
        assertEquals(Map.of("market", 1, "forum", 1), wants.lacking());
        wants.took(MARKET);
        assertFalse(wants.servedBy(MARKET));
        assertTrue(wants.servedBy(FORUM));
        wants.took(FORUM);
        assertFalse(wants.any());
    }

    @Test
    public void neverMoreThanMaxPeersNorAnyWithAutoPeersZero() {
        PeerChoice.Wants full = new PeerChoice(3, 4).wants(Set.of("market", "forum"), List.of(FORUM, FORUM, FORUM));
        assertTrue(full.servedBy(MARKET));
        full.took(MARKET);
        assertFalse("4 peers: room for none more", full.any());
        assertFalse(full.servedBy(MARKET));

        assertFalse(new PeerChoice(0, 16).wants(Set.of("market"), List.of()).any());
        assertEquals("a module nobody runs here is not asked for", Map.of("market", 3),
                new PeerChoice(3, 16).wants(Set.of("market"), List.of(FORUM)).lacking());
    }
}
