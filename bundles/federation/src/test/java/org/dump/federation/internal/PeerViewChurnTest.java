package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.dump.federation.PeerOrigin;
import org.junit.Test;

/**
 * Many nodes keep their views by {@link PeerView} and {@link PeerChoice} over an in-memory graph while random nodes
 * fail and come back, some for good, some a third of the network at once: each node that stays up keeps the peers it
 * wants from its passive view (the peers of its peers, as peer exchange tells them), the graph of online nodes stays
 * connected, and no administrator's peer is ever dropped. The same run without the view (peers kept forever, as
 * before issue 24) falls apart, so the assertions can fail.
 */
public class PeerViewChurnTest {

    private static final int NODES = 300;
    private static final long STEP_MILLIS = 10_000;
    private static final PeerChoice CHOICE = new PeerChoice(3, 16);
    private static final List<String> MARKET = List.of("market@1.0.0");
    private static final double CHURN = 0.25;

    private static final class Node {
        final int index;
        boolean online = true;
        /** Steps it stays offline. */
        int offFor;
        final Map<Integer, PeerOrigin> peers = new HashMap<>();
        final LinkedHashSet<Integer> known = new LinkedHashSet<>();
        final Map<Integer, Long> retryAt = new HashMap<>();
        PeerView view = new PeerView();

        Node(int index) {
            this.index = index;
        }
    }

    /** The figures of a run: per sample, the largest component's share; nodes up without peers enough. */
    private record Run(double[] largest, int lacking, int samples, Map<Integer, Integer> adminPeers, Node[] nodes) {
    }

    @Test
    public void underChurnEveryNodeKeepsItsPeersAndTheGraphStaysConnected() {
        Run run = run(true, 1);
        long connected = Arrays.stream(run.largest).filter(share -> share >= 0.95).count();
        assertTrue("largest component >= 95 % of online nodes at " + connected + " of " + run.largest.length
                + " samples: " + Arrays.toString(run.largest), connected >= 0.9 * run.largest.length);
        assertTrue("lowest share " + min(run.largest), min(run.largest) >= 0.9);
        assertTrue(run.lacking + " times a node up for a minute had not 3 peers that answer, of " + run.samples,
                run.lacking <= 0.05 * run.samples);
        run.adminPeers.forEach((node, peer) -> assertEquals("node " + node + " keeps its administrator's peer",
                PeerOrigin.ADMIN, run.nodes[node].peers.get(peer)));
    }

    @Test
    public void withoutTheViewTheSameChurnCutsTheGraph() {
        Run run = run(false, 1);
        long connected = Arrays.stream(run.largest).filter(share -> share >= 0.95).count();
        assertTrue("without the view the graph falls apart: " + Arrays.toString(run.largest),
                connected < 0.5 * run.largest.length);
        assertTrue(run.lacking + " of " + run.samples, run.lacking > 0.5 * run.samples);
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    /**
     * 60 steps of 10 s: {@link #CHURN} of the online nodes leave each step for 10 to 50 s (sessions of 40 s, 30 s
     * away: near half of the nodes are away at any time); at step 30 a third of the online nodes leave at once.
     */
    private static Run run(boolean view, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Node[] nodes = new Node[NODES];
        for (int i = 0; i < NODES; i++) {
            nodes[i] = new Node(i);
        }
        Map<Integer, Integer> adminPeers = new HashMap<>();
        for (Node node : nodes) { // a random graph of degree about 4 to start with, as seeds make it
            while (node.peers.size() < 2) {
                Node other = nodes[random.nextInt(NODES)];
                if (other != node && !node.peers.containsKey(other.index)) {
                    boolean admin = node.index % 10 == 0 && node.peers.isEmpty();
                    link(node, other, admin ? PeerOrigin.ADMIN : PeerOrigin.EXCHANGE);
                    if (admin) {
                        adminPeers.put(node.index, other.index);
                    }
                }
            }
        }
        List<Double> largest = new ArrayList<>();
        int lacking = 0;
        int samples = 0;
        int[] upSince = new int[NODES];
        for (int step = 0; step < 60; step++) {
            long now = step * STEP_MILLIS;
            for (Node node : nodes) {
                if (!node.online && --node.offFor <= 0) {
                    node.online = true;
                    node.view = new PeerView(); // a restarted node remembers no silence
                    upSince[node.index] = step;
                } else if (node.online && (random.nextDouble() < CHURN || step == 30 && random.nextDouble() < 0.33)) {
                    node.online = false;
                    node.offFor = 1 + random.nextInt(5);
                }
            }
            for (Node node : nodes) {
                if (node.online) {
                    exchange(node, nodes, now, view);
                }
            }
            if (step >= 10) {
                largest.add(largestShare(nodes));
                for (Node node : nodes) {
                    if (node.online && step - upSince[node.index] >= 6) {
                        samples++;
                        long up = node.peers.keySet().stream().filter(p -> nodes[p].online && mutual(nodes, node, p))
                                .count();
                        lacking += up < 3 ? 1 : 0;
                    }
                }
            }
        }
        return new Run(largest.stream().mapToDouble(Double::doubleValue).toArray(), lacking, samples, adminPeers, nodes);
    }

    /** One round of a node: contact every peer (and learn its peers), drop what the view drops, take what it lacks. */
    private static void exchange(Node node, Node[] nodes, long now, boolean view) {
        for (int peer : view ? new ArrayList<>(node.peers.keySet()) : List.<Integer>of()) {
            if (nodes[peer].online && mutual(nodes, node, peer)) {
                node.view.answered(key(peer), now);
                nodes[peer].peers.keySet().stream().filter(p -> p != node.index && !node.peers.containsKey(p))
                        .forEach(node.known::add);
            } else {
                node.view.unanswered(key(peer), now);
                node.view.unanswered(key(peer), now + STEP_MILLIS / 3); // the pushes and probes between rounds
                node.view.unanswered(key(peer), now + STEP_MILLIS * 2 / 3);
            }
        }
        List<Integer> peers = new ArrayList<>(node.peers.keySet());
        node.view.toDrop(peers, PeerViewChurnTest::key, node.peers::get, now + STEP_MILLIS * 2 / 3).keySet()
                .forEach(dropped -> {
                    node.peers.remove(dropped);
                    nodes[dropped].peers.remove(node.index, PeerOrigin.ASKED); // it learns on its return
                    nodes[dropped].peers.remove(node.index, PeerOrigin.EXCHANGE);
                    node.known.add(dropped);
                    node.retryAt.put(dropped, now + PeerView.RETRY_FAILED_PEER.toMillis());
                    node.view.forget(key(dropped));
                });
        List<List<String>> answering = node.peers.keySet().stream().filter(p -> !view || node.view.answering(key(p)))
                .map(p -> MARKET).toList();
        PeerChoice.Wants wants = CHOICE.wants(Set.of("market"), answering, node.peers.size());
        List<Integer> newestFirst = new ArrayList<>(node.known);
        java.util.Collections.reverse(newestFirst);
        for (int candidate : newestFirst) {
            if (!wants.any()) {
                break;
            }
            if (node.peers.containsKey(candidate) || node.retryAt.getOrDefault(candidate, 0L) > now) {
                continue;
            }
            Node other = nodes[candidate];
            if (other.online && CHOICE.takes(other.peers.size())) {
                link(node, other, PeerOrigin.EXCHANGE);
                node.known.remove(candidate);
                wants.took(MARKET);
            } else {
                node.retryAt.put(candidate, now + (other.online ? PeerView.RETRY_REFUSED
                        : PeerView.RETRY_UNANSWERED).toMillis());
            }
        }
    }

    private static void link(Node node, Node other, PeerOrigin origin) {
        node.peers.put(other.index, origin);
        other.peers.putIfAbsent(node.index, PeerOrigin.ASKED);
    }

    private static boolean mutual(Node[] nodes, Node node, int peer) {
        return nodes[peer].peers.containsKey(node.index);
    }

    private static String key(int node) {
        return "http://n" + node + ":8181";
    }

    /** @return the share of the online nodes in the largest component of the mutual peerings between online nodes */
    private static double largestShare(Node[] nodes) {
        boolean[] seen = new boolean[nodes.length];
        int online = 0;
        int largest = 0;
        for (Node start : nodes) {
            if (!start.online) {
                continue;
            }
            online++;
            if (seen[start.index]) {
                continue;
            }
            int size = 0;
            ArrayDeque<Node> next = new ArrayDeque<>(List.of(start));
            seen[start.index] = true;
            while (!next.isEmpty()) {
                Node node = next.poll();
                size++;
                for (int peer : node.peers.keySet()) {
                    if (!seen[peer] && nodes[peer].online && mutual(nodes, node, peer)) {
                        seen[peer] = true;
                        next.add(nodes[peer]);
                    }
                }
            }
            largest = Math.max(largest, size);
        }
        return online == 0 ? 0 : (double) largest / online;
    }
}
