package org.dump.network.sim;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.Test;

/**
 * The new protocol's partners come from the node's own {@code SyncPartners}, held by each simulated node: seeded by
 * the run's seed, leaning towards the peer synced longest ago, and trying another peer in the same round when one
 * does not answer. Driven here round by round on one node with five peers, every 30 simulated seconds.
 */
public class PartnerPolicyTest {

    private static final int PEERS = 5;
    private static final int ROUNDS = 600;

    /** @return per round, the peers contacted in order; {@code silent} ones do not answer */
    private static List<List<Integer>> rounds(long seed, Set<Integer> silent) {
        Network network = new Network(Scenario.named("all", PEERS + 1), Protocol.NEW, seed);
        SimNode node = network.nodes[0];
        List<Integer> eligible = new ArrayList<>();
        for (int peer = 1; peer <= PEERS; peer++) {
            node.peers.add(peer);
            eligible.add(peer);
        }
        List<List<Integer>> picks = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            network.clock.runUntil(EventQueue.seconds(30.0 * round));
            List<Integer> contacted = new ArrayList<>();
            PartnerPolicy.WEIGHTED.round(network, node, eligible, peer -> {
                contacted.add(peer);
                return !silent.contains(peer);
            });
            picks.add(contacted);
        }
        return picks;
    }

    @Test
    public void theSameSeedMakesTheSamePicksAndAnotherSeedOthers() {
        assertEquals(rounds(4, Set.of()), rounds(4, Set.of()));
        assertNotEquals(rounds(4, Set.of()), rounds(5, Set.of()));
    }

    /**
     * Uniformly at random, a round would pick the previous round's peer again one time in five (120 of 600); weighted
     * by the time since the last sync, the peer just synced weighs least, and is picked again about half as often.
     */
    @Test
    public void thePeerJustSyncedIsRarelyPickedAgain() {
        List<List<Integer>> picks = rounds(9, Set.of());
        int again = 0;
        int[] perPeer = new int[PEERS + 1];
        for (int round = 0; round < ROUNDS; round++) {
            assertEquals("one peer a round when all answer", 1, picks.get(round).size());
            perPeer[picks.get(round).get(0)]++;
            if (round > 0 && picks.get(round).equals(picks.get(round - 1))) {
                again++;
            }
        }
        assertTrue("picked again " + again + " times in " + ROUNDS, again < ROUNDS * 3 / 20);
        for (int peer = 1; peer <= PEERS; peer++) {
            assertTrue("peer " + peer + " picked " + perPeer[peer] + " times", perPeer[peer] > ROUNDS / PEERS / 2);
        }
    }

    /** A node whose picked peer does not answer catches up with another in the same round; at most three tried. */
    @Test
    public void aPeerThatDoesNotAnswerCostsNoRound() {
        List<List<Integer>> picks = rounds(9, Set.of(1, 2));
        boolean retried = false;
        for (List<Integer> round : picks) {
            assertTrue(round.toString(), round.size() <= 3);
            assertTrue("each round ends with a peer that answers: " + round, round.get(round.size() - 1) > 2);
            assertEquals("no peer twice in a round", round.size(), Set.copyOf(round).size());
            retried |= round.size() > 1;
        }
        assertTrue(retried);

        List<List<Integer>> none = rounds(9, Set.of(1, 2, 3, 4, 5));
        assertTrue(none.stream().allMatch(round -> round.size() == 3));
        assertFalse(none.stream().anyMatch(List::isEmpty));
    }
}
