package org.dump.network.sim;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

/**
 * Issue 24: pushes along the per-origin gossip tree (the node's {@code GossipTree}) in the simulator: about one payload
 * per node per version, every record everywhere, anti-entropy under it for nodes that come and go, and a tree that
 * routes around a node that leaves it.
 */
public class GossipTest {

    @Test
    public void withoutChurnEveryNodeGetsEveryRecordAtMostOneAndAHalfCopiesEach() {
        Network network = new Network(Scenario.named("all", 300).withTimes(120, 120, 120, 60, 60), Protocol.GOSSIP, 4);
        new Timeline(network).run();
        assertTrue(network.versions.records() > 400);
        assertEquals(1.0, network.reach.complete(), 0);
        for (SimNode node : network.nodes) {
            for (int r = 0; r < network.versions.records(); r++) {
                assertTrue(node.id + " record " + r, node.stored(r) != 0);
            }
        }
        double copies = (double) network.traffic.payloadCopies / network.origins.length / network.versions.size();
        assertTrue("copies per node per version: " + copies, copies <= 1.5);
        assertTrue("announcements went out", network.traffic.bytes(Traffic.Window.BUSY, Traffic.Kind.ANNOUNCE) > 0);
    }

    /**
     * Under churn (30 s sessions and offline periods) nearly every record reaches every node that was online when it
     * was written, and every node online through the last 40 s (an anti-entropy round at least) holds every
     * record: what the tree missed, anti-entropy brought.
     */
    @Test
    public void underChurnEveryNodeOnlineLongEnoughEndsWithEveryRecord() {
        Network network = new Network(Scenario.named("churn", 200).withTimes(120, 120, 300, 60, 30), Protocol.GOSSIP,
                6);
        long end = new Timeline(network).schedule();
        network.clock.runUntil(end);
        int[] sessions = new int[network.nodes.length];
        for (SimNode node : network.nodes) {
            sessions[node.index] = node.online ? node.session : -1;
        }
        network.clock.runUntil(end + EventQueue.seconds(40));
        // A record misses part of its audience only where a node of it has been offline since (long offline periods).
        assertTrue("records that reached all their audience: " + network.reach.complete(),
                network.reach.complete() >= 0.99);
        int checked = 0;
        for (SimNode node : network.nodes) {
            if (node.online && node.session == sessions[node.index]) {
                checked++;
                for (int r = 0; r < network.versions.records(); r++) {
                    assertTrue(node.id + " record " + r, node.stored(r) != 0);
                }
            }
        }
        assertTrue("nodes online through the 40 s: " + checked, checked > 10);
    }

    /**
     * A node on an origin's tree goes offline: the nodes it pushed that origin's records to hear of the next ones
     * from other peers and graft there, within seconds (anti-entropy runs every 30 s), and no longer count on it.
     */
    @Test
    public void aNodeThatLeavesTheTreeIsRoutedAround() {
        // No writes but the ones made here: one origin writes every 10 s.
        Scenario scenario = Scenario.named("all", 150).withTimes(120, 400, 60, 10, 1e9);
        Network network = new Network(scenario, Protocol.GOSSIP, 2);
        long end = new Timeline(network).schedule();
        SimNode origin = network.origins[0];
        long start = EventQueue.seconds(scenario.warmup());
        long leave = start + EventQueue.seconds(100);
        List<int[]> checks = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            network.clock.at(start + EventQueue.seconds(5 + 10 * k), () -> {
                network.write(origin);
                int version = network.versions.size() - 1;
                network.clock.after(EventQueue.seconds(8), () -> checks.add(new int[] {version, held(network,
                        version)}));
            });
        }
        network.clock.runUntil(leave);
        SimNode left = null;
        List<SimNode> children = List.of();
        for (SimNode node : network.nodes) {
            List<SimNode> below = new ArrayList<>();
            for (SimNode other : network.nodes) {
                if (node.id.equals(other.tree.parentOf(origin.id)) && node != origin) {
                    below.add(other);
                }
            }
            if (below.size() > children.size()) {
                left = node;
                children = below;
            }
        }
        assertTrue("a node below the origin pushes its records on", children.size() >= 2);
        SimNode gone = left;
        for (SimNode child : children) {
            assertTrue(gone.tree.pushesTo(child.id, origin.id));
        }
        gone.online = false;
        gone.session++;
        network.clock.runUntil(end);
        int after = 0;
        for (int[] check : checks) {
            if (network.versions.written(check[0]) > leave) {
                after++;
                assertEquals("nodes lacking version " + check[0] + " 8 s after it was written", 1, check[1]);
            }
        }
        assertTrue(after >= 15);
        for (SimNode child : children) {
            assertNotEquals(child.id + " grafted elsewhere", gone.id, child.tree.parentOf(origin.id));
            assertFalse(child.tree.parentOf(origin.id) == null);
        }
    }

    /** @return how many nodes that run the module lack {@code version} (the one that went offline among them) */
    private static int held(Network network, int version) {
        int origin = network.versions.origin(version);
        int seq = network.versions.sequence(version);
        int lacking = 0;
        for (SimNode node : network.nodes) {
            if (node.runsModule && !node.seen.contains(origin, seq)) {
                lacking++;
            }
        }
        return lacking;
    }
}
