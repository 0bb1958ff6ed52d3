package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.Test;

/**
 * Issue 23, item 4: anti-entropy talks to one peer per module and round, picked at random, weighted towards the one
 * synced longest ago, and every peer gets its turn.
 */
public class SyncPartnersTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");
    private static final List<String> FIVE = List.of("a", "b", "c", "d", "e");

    private static SyncPartners seeded(long seed) {
        return new SyncPartners(INTERVAL, new SplittableRandom(seed));
    }

    /** Rounds one interval apart in which every picked peer answers, except those in {@code silent}. */
    private static List<String> rounds(SyncPartners partners, List<String> peers, Set<String> silent, int rounds) {
        List<String> picks = new ArrayList<>();
        Instant now = START;
        for (int i = 0; i < rounds; i++) {
            String pick = partners.pick("market", peers, now).orElseThrow();
            if (silent.contains(pick)) {
                partners.failed("market", pick);
            } else {
                partners.synced("market", pick, now);
            }
            picks.add(pick);
            now = now.plus(INTERVAL);
        }
        return picks;
    }

    /** @return the most rounds in a row that {@code peer} was not picked, counting from the first round */
    private static int longestWait(List<String> picks, String peer) {
        int longest = 0;
        int last = -1;
        for (int i = 0; i < picks.size(); i++) {
            if (picks.get(i).equals(peer)) {
                longest = Math.max(longest, i - last - 1);
                last = i;
            }
        }
        return Math.max(longest, picks.size() - last - 1);
    }

    @Test
    public void theSameSeedMakesTheSamePicksWhateverTheOrderOfThePeers() {
        List<String> first = rounds(seeded(7), FIVE, Set.of("e"), 200);
        List<String> again = rounds(seeded(7), List.of("e", "c", "a", "d", "b"), Set.of("e"), 200);
        assertEquals(first, again);
        assertNotEquals("another seed, other picks", first, rounds(seeded(8), FIVE, Set.of("e"), 200));
    }

    @Test
    public void theLongestUnsyncedPeerIsPickedMostOften() {
        SyncPartners partners = seeded(1);
        partners.synced("market", "old", START.minus(INTERVAL.multipliedBy(10)));
        partners.synced("market", "recent", START.minus(INTERVAL));
        partners.synced("market", "now", START);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(partners.pick("market", List.of("old", "recent", "now"), START).orElseThrow(), 1,
                    Integer::sum);
        }
        // Weights in intervals: 10 + 1, 1 + 1, 0 + 1, of 14.
        assertEquals(11 / 14.0, counts.get("old") / 10_000.0, 0.02);
        assertEquals(2 / 14.0, counts.get("recent") / 10_000.0, 0.02);
        assertEquals(1 / 14.0, counts.get("now") / 10_000.0, 0.02);
    }

    @Test
    public void aPeerSilentForADayWeighsNoMoreThanOneNeverSynced() {
        SyncPartners partners = seeded(2);
        partners.synced("market", "silent", START.minus(Duration.ofDays(1)));
        partners.failed("market", "silent");
        partners.synced("market", "answering", START);
        int silent = 0;
        for (int i = 0; i < 10_000; i++) {
            silent += partners.pick("market", List.of("silent", "answering"), START).orElseThrow().equals("silent")
                    ? 1 : 0;
        }
        // Weights in intervals: the cap of 2 candidates + 1, 0 + 1; without the cap the silent one would take all.
        assertEquals(3 / 4.0, silent / 10_000.0, 0.02);
        assertEquals("a failure is no sync", START.minus(Duration.ofDays(1)),
                partners.lastSynced("market", "silent").orElseThrow());
    }

    @Test
    public void everyPeerIsSyncedWithinFiveTimesAsManyRoundsAsThereArePeers() {
        for (long seed = 0; seed < 50; seed++) {
            List<String> picks = rounds(seeded(seed), FIVE, Set.of(), 2_000);
            for (String peer : FIVE) {
                int wait = longestWait(picks, peer);
                assertTrue("seed " + seed + ": " + peer + " waited " + wait + " rounds", wait <= 5 * FIVE.size());
            }
            // Each gets close to its fifth of the rounds.
            for (String peer : FIVE) {
                long share = picks.stream().filter(peer::equals).count();
                assertEquals("seed " + seed + ", " + peer, 400, share, 60);
            }
        }
    }

    @Test
    public void aPeerThatNeverAnswersKeepsAHighWeightWithoutStarvingTheOthers() {
        for (long seed = 0; seed < 50; seed++) {
            List<String> picks = rounds(seeded(seed), FIVE, Set.of("e"), 2_000);
            long silent = picks.stream().filter("e"::equals).count();
            for (String peer : List.of("a", "b", "c", "d")) {
                long answering = picks.stream().filter(peer::equals).count();
                assertTrue("seed " + seed + ": e, silent, picked " + silent + " times, " + peer + " " + answering,
                        silent > answering);
                int wait = longestWait(picks, peer);
                assertTrue("seed " + seed + ": " + peer + " waited " + wait + " rounds", wait <= 5 * FIVE.size());
            }
            assertTrue("but not every round: " + silent, silent < 2_000 / 2);
        }
    }

    @Test
    public void aNewPeerWeighsAsMuchAsThePeerLeftOutLongest() {
        SyncPartners partners = seeded(3);
        rounds(partners, FIVE, Set.of(), 100);
        Instant now = START.plus(INTERVAL.multipliedBy(100));
        List<String> six = List.of("a", "b", "c", "d", "e", "new");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 6_000; i++) {
            counts.merge(partners.pick("market", six, now).orElseThrow(), 1, Integer::sum);
        }
        int newest = counts.get("new");
        counts.forEach((peer, count) -> assertTrue(peer + " " + count + ", new " + newest, count <= newest + 150));
    }

    @Test
    public void aRemovedPeerIsNeverPickedAndForgotten() {
        SyncPartners partners = seeded(5);
        rounds(partners, FIVE, Set.of(), 50);
        assertTrue(partners.lastSynced("market", "c").isPresent());
        List<String> without = List.of("a", "b", "d", "e");
        for (int i = 0; i < 1_000; i++) {
            assertNotEquals("c", partners.pick("market", without, START.plusSeconds(i)).orElseThrow());
        }
        assertEquals(Optional.empty(), partners.lastSynced("market", "c"));
    }

    @Test
    public void noPeersNoPick() {
        SyncPartners partners = seeded(9);
        partners.synced("market", "a", START);
        assertEquals(Optional.empty(), partners.pick("market", List.of(), START));
        assertEquals("and it is forgotten", Optional.empty(), partners.lastSynced("market", "a"));
        assertEquals(Optional.of("a"), partners.pick("market", List.of("a"), START));
    }

    @Test
    public void modulesAreApartAndThoseNoLongerRunAreForgotten() {
        SyncPartners partners = seeded(11);
        partners.synced("market", "a", START);
        partners.synced("books", "a", START.minusSeconds(60));
        assertEquals(Optional.of(START), partners.lastSynced("market", "a"));
        assertEquals(Optional.of(START.minusSeconds(60)), partners.lastSynced("books", "a"));
        partners.keepModules(List.of("books"));
        assertEquals(Optional.empty(), partners.lastSynced("market", "a"));
        assertEquals(Optional.of(START.minusSeconds(60)), partners.lastSynced("books", "a"));
    }
}
