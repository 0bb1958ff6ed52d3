package org.dump.network.sim;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Test;

/** The simulator is deterministic, conserves records, and brings a small network to agreement. */
public class SimulatorTest {

    /** A short run: two minutes each of warm-up, writes and drain, one idle; each origin writes once a minute. */
    private static Scenario small(String name, int nodes) {
        return Scenario.named(name, nodes).withTimes(120, 120, 120, 60, 60);
    }

    @Test
    public void aSeedGivesTheSameRunAndAnotherSeedAnother() {
        for (Protocol protocol : List.of(Protocol.TODAY, Protocol.NEW, Protocol.GOSSIP)) {
            Result first = Result.simulate(small("churn", 60), protocol, 7);
            Result again = Result.simulate(small("churn", 60), protocol, 7);
            Result other = Result.simulate(small("churn", 60), protocol, 8);
            assertEquals(first.trace(), again.trace());
            assertEquals(first.events(), again.events());
            assertEquals(first.busyBytes(), again.busyBytes(), 0);
            assertArrayEquals(first.curve(), again.curve(), 0);
            assertNotEquals(first.trace(), other.trace());
        }
    }

    @Test
    public void bothProtocolsMeetTheSameWrites() {
        Result today = Result.simulate(small("half", 60), Protocol.TODAY, 3);
        Result fresh = Result.simulate(small("half", 60), Protocol.NEW, 3);
        assertEquals(today.versions(), fresh.versions());
        assertEquals(today.records(), fresh.records());
    }

    @Test
    public void noRecordAppearsThatNoOriginWroteAndNoDeletedOneComesBack() {
        Scenario s = small("churn", 60);
        // Many deletes, churn and a partition: the situations in which an old version could slip back.
        Scenario deletes = new Scenario(s.name(), s.nodes(), 1.0, 30, 1.0 / 3, s.warmup(), s.busy(), s.drain(),
                s.idle(), 20, 0.4, s.recordBytes(), s.history(), s.minLatencyMs(), s.maxLatencyMs(), 0.05,
                s.bandwidth());
        for (Protocol protocol : List.of(Protocol.TODAY, Protocol.NEW)) {
            Network network = new Network(deletes, protocol, 11);
            new Timeline(network).run();
            assertEquals(List.of(), network.violations);
            Versions versions = network.versions;
            List<Set<Integer>> deletions = new ArrayList<>();
            for (int r = 0; r < versions.records(); r++) {
                deletions.add(new HashSet<>());
            }
            int deleted = 0;
            for (int v = 0; v < versions.size(); v++) {
                if (versions.deletes(v)) {
                    deletions.get(versions.record(v)).add(v);
                    deleted++;
                }
            }
            assertTrue("the run deletes records", deleted > 50);
            for (SimNode node : network.nodes) {
                for (int r = 0; r < versions.records(); r++) {
                    int held = node.stored(r);
                    if (held == 0) {
                        continue;
                    }
                    int version = -1;
                    for (int v = 0; v < versions.size() && version < 0; v++) {
                        if (versions.record(v) == r && versions.sequence(v) == Math.abs(held)) {
                            version = v;
                        }
                    }
                    assertTrue(node.id + " holds a version no origin wrote", version >= 0);
                    for (int deletion : deletions.get(r)) {
                        if (node.seen.contains(versions.origin(deletion), versions.sequence(deletion))) {
                            assertTrue(node.id + " holds record " + r + " again after its deletion", held < 0);
                        }
                    }
                }
            }
        }
    }

    @Test
    public void aSmallNetworkConvergesOnTheNodesThatRunTheModuleOnly() {
        for (Protocol protocol : List.of(Protocol.TODAY, Protocol.NEW)) {
            Network network = new Network(small("half", 50), protocol, 5);
            new Timeline(network).run();
            assertTrue(network.versions.records() > 20);
            assertEquals(0, network.traffic.payloadCopiesElsewhere);
            assertEquals(1.0, network.reach.complete(), 0);
            for (SimNode node : network.nodes) {
                for (int r = 0; r < network.versions.records(); r++) {
                    assertEquals(node.id + " record " + r, node.runsModule, node.stored(r) != 0);
                }
            }
            assertAllInStep(network);
        }
    }

    /**
     * The new protocol's partners are the node's own choice (the federation's SyncPartners, which remembers whom it
     * synced with); today's protocol never asks it. And by the peer exchange's per-module rule, every node that runs
     * the module has a peer that runs it too, though half the nodes run another module.
     */
    @Test
    public void partnersAreTheNodesOwnChoiceAndEveryModuleNodeHasAPeerOfItsModule() {
        for (Protocol protocol : List.of(Protocol.TODAY, Protocol.NEW)) {
            Network network = new Network(small("half", 50), protocol, 5);
            new Timeline(network).run();
            int remembered = 0;
            for (SimNode node : network.nodes) {
                if (!node.runsModule) {
                    continue;
                }
                assertTrue(node.id + " has a peer that runs the module",
                        node.peers.stream().anyMatch(peer -> network.nodes[peer].runsModule));
                for (int peer : node.peers) {
                    if (node.partners.lastSynced(PartnerPolicy.MODULE, network.nodes[peer].id).isPresent()) {
                        remembered++;
                        assertTrue("synced only with peers that run the module", network.nodes[peer].runsModule);
                    }
                }
            }
            assertEquals(protocol.name(), protocol == Protocol.NEW, remembered > 0);
        }
    }

    /**
     * A seed is the administrator's: a hello to it that gets no answer is said again until it takes the node, as the
     * node's MutualPeering does. On links losing up to 60 % of messages, every node still ends the warm-up with a peer
     * that runs its module (each is given a seed of its module, or is the first of it and others are given it).
     */
    @Test
    public void aSeedWhoseHelloIsLostIsAskedAgain() {
        Scenario s = small("half", 40).withTimes(300, 1, 1, 1, 3000);
        Scenario lossy = new Scenario(s.name(), s.nodes(), s.moduleShare(), 0, 0, s.warmup(), s.busy(), s.drain(),
                s.idle(), s.writeEverySeconds(), s.deleteShare(), s.recordBytes(), s.history(), s.minLatencyMs(),
                s.maxLatencyMs(), 0.6, s.bandwidth());
        Network network = new Network(lossy, Protocol.NEW, 3);
        new Timeline(network).run();
        assertTrue("hellos were lost", network.traffic.lost > 10);
        for (boolean market : new boolean[] {true, false}) {
            long without = java.util.Arrays.stream(network.nodes).filter(node -> node.runsModule == market)
                    .filter(node -> node.peers.stream().noneMatch(peer -> network.nodes[peer].runsModule == market))
                    .count();
            assertEquals("nodes of " + (market ? "the market" : "the forum") + " without a peer of it", 0, without);
        }
    }

    @Test
    public void aPartitionHealsAndBothSidesConverge() {
        for (Protocol protocol : List.of(Protocol.TODAY, Protocol.NEW)) {
            Network network = new Network(small("partition", 60), protocol, 9);
            Timeline timeline = new Timeline(network);
            long end = timeline.schedule();
            long heal = Timeline.healTime(network.scenario);
            network.clock.runUntil(heal - EventQueue.seconds(1));
            Set<Long> digests = new HashSet<>();
            for (SimNode node : network.nodes) {
                digests.add(node.seen.digest());
            }
            assertTrue("the sides differ while cut off", digests.size() > 1);
            network.clock.runUntil(end);
            assertAllInStep(network);
            assertEquals(1.0, network.reach.complete(), 0);
            assertTrue(network.reach.settledAfter(heal) >= 0);
        }
    }

    private static void assertAllInStep(Network network) {
        Set<Long> digests = new HashSet<>();
        for (SimNode node : network.nodes) {
            if (node.runsModule) {
                digests.add(node.seen.digest());
            }
        }
        assertEquals("every node that runs the module has seen the same versions", 1, digests.size());
    }
}
