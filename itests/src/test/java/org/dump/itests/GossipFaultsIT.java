package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.dump.itests.support.Commands;
import org.dump.itests.support.MarketNetwork;
import org.dump.itests.support.NetworkCensus;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeNetwork;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.dump.itests.support.Sellers;
import org.junit.Assume;
import org.junit.Test;

/**
 * A network of nodes under faults: N node processes, each in a network namespace of its own ({@link NodeNetwork}),
 * made peers of one seed each as an administrator would; the peer exchange builds the rest of the graph. Every
 * node's seller writes listings all along while some nodes are killed with SIGKILL mid-write and restarted, and a
 * group is cut off from the others for a while and healed. In the end every node holds the same live listings,
 * every acknowledged write among them, and {@code dump:record-verify} is clean everywhere.
 *
 * <p>CI runs six nodes (two killed, three cut off for 45 s). {@code benchmarks/federation/gossip-faults.sh} runs
 * twelve ({@code -Ddump.faults.nodes=12}: three killed, four cut off for 120 s) and keeps the figures this test
 * prints (lines that begin with {@code gossip-faults:}): convergence times, payload copies, memory and threads.
 */
public class GossipFaultsIT {

    /** The prefix of this test's namespaces and interfaces: the number, so nobody else's clash with them. */
    private static final String NAMESPACES = "dn24";
    private static final int NODES = Integer.getInteger("dump.faults.nodes", 6);
    private static final int KILLED = Integer.getInteger("dump.faults.killed", Math.max(2, NODES / 4));
    private static final int CUT = Integer.getInteger("dump.faults.cut", NODES <= 6 ? NODES / 2 : NODES / 3);
    /** Six nodes (CI) are cut off for 45 s, enough for many writes on both sides; the benchmark's twelve for 120 s. */
    private static final Duration CUT_FOR = Duration.ofSeconds(Integer.getInteger("dump.faults.cutSeconds",
            NODES <= 6 ? 45 : 120));
    private static final long WRITE_PAUSE_MILLIS = Long.getLong("dump.faults.writeMillis", 1000);
    /** The peer exchange's own rule (autoPeers, default 3): each node seeks this many peers of the market. */
    private static final int AUTO_PEERS = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(Integer.getInteger("dump.faults.patience", 300));

    private NodeDistribution distribution;
    private NodeSteps steps;
    private final Map<String, Integer> writesAtRestart = new HashMap<>();
    private MarketNetwork market;
    private List<NodeProcess> nodes;

    @Test
    public void everyNodeEndsWithTheSameListingsAfterKillsAndAPartition() throws Exception {
        if (!NodeNetwork.available(NAMESPACES)) {
            System.err.println("WARNING: GossipFaultsIT skipped: it makes network namespaces, which needs root and ip");
            Assume.assumeTrue(false);
        }
        long began = System.nanoTime();
        distribution = new NodeDistribution("faults");
        try (NodeNetwork network = new NodeNetwork(NAMESPACES, 24)) {
            try {
                run(network);
            } catch (Throwable failure) {
                try {
                    distribution.close();
                } catch (Throwable alsoFailed) {
                    failure.addSuppressed(alsoFailed); // what failed first is what the report must show
                }
                throw failure;
            }
            distribution.close();
        }
        report("test wall clock", seconds(began) + " s");
    }

    private void run(NodeNetwork network) throws Exception {
        steps = new NodeSteps(distribution);
        // Every federation setting keeps its default (docs/admin.md): the network is what a person would run.
        market = new MarketNetwork(distribution, network, NODES, PATIENCE);
        nodes = market.nodes();
        Map<String, Set<String>> graph = awaitThePeerGraph();
        report("peer graph", graph.toString());
        Map<String, NetworkCensus.ProcessFigures> before = NetworkCensus.figures(nodes);

        Sellers sellers = new Sellers(nodes, WRITE_PAUSE_MILLIS);
        try {
            Thread.sleep(8_000); // every seller has written a few listings
            killAndRestart(sellers);
            cutOffAndHeal(network, sellers);
        } finally {
            sellers.close();
        }
        writesAtRestart.forEach((victim, writes) -> assertTrue(victim + "'s seller writes again after its restart",
                sellers.acknowledgedWrites(nodes.get(Integer.parseInt(victim.substring(1)) - 1)) > writes));
        long healed = System.nanoTime();
        Map<String, String> converged = awaitConvergence(sellers);
        report("converged after the heal", seconds(healed) + " s, " + converged.size() + " live listings, "
                + sellers.acknowledgedWrites() + " acknowledged writes, " + sellers.unacknowledgedWrites()
                + " not acknowledged");

        for (NodeProcess node : nodes) {
            String verified = steps.shell(node, "dump:record-verify market");
            assertTrue(node.name() + ": " + verified, verified.contains("All ") && verified.contains("verified")
                    && !verified.contains("FAILED"));
            report("record-verify " + node.name(), verified.strip());
        }
        Map<String, NetworkCensus.ProcessFigures> after = NetworkCensus.figures(nodes);
        for (NodeProcess node : nodes) {
            report("process " + node.name(), "before " + before.get(node.name()) + "; after " + after.get(node.name()));
        }
        reportCopies(sellers);
    }

    /**
     * Waits until every node has {@value #AUTO_PEERS} peers that take it in turn and the graph is connected: the
     * test made a tree (at most three peers a node), the peer exchange must have made the rest, by its own rule.
     */
    private Map<String, Set<String>> awaitThePeerGraph() throws Exception {
        int wanted = Math.min(AUTO_PEERS, NODES - 1);
        long began = System.nanoTime();
        List<Map<String, Set<String>>> graph = new ArrayList<>(List.of(Map.of()));
        awaitTrue("a connected peer graph, each node with " + wanted + " peers", () -> {
            graph.set(0, NetworkCensus.graph(nodes, market.namesById()));
            return NetworkCensus.connected(graph.get(0)) && graph.get(0).values().stream()
                    .allMatch(peers -> peers.size() >= wanted);
        }, () -> graph.get(0).toString());
        report("peer graph built", seconds(began) + " s");
        Map<String, Set<String>> built = graph.get(0);
        double mean = built.values().stream().mapToInt(Set::size).average().orElse(0);
        report("peer degree", "mean " + mean + ", max " + built.values().stream().mapToInt(Set::size).max().orElse(0));
        // A node takes peers only while it has fewer than autoPeers, so it makes at most autoPeers links itself.
        assertTrue("a mean degree of at most 2 x autoPeers: " + built, mean <= 2 * AUTO_PEERS);
        if (NODES > 2 * AUTO_PEERS) {
            built.forEach((node, peers) -> assertTrue(node + " is a peer of all others: " + built,
                    peers.size() < NODES - 1));
        }
        return built;
    }

    /**
     * Kills {@link #KILLED} nodes (SIGKILL to Karaf's JVM) while their sellers are writing, keeps them down for 15 s,
     * starts them again on the same directories: what each acknowledged before its kill is there at once (before
     * anti-entropy could bring it back from a peer, 3 s after start), and each catches up with what others wrote.
     */
    private void killAndRestart(Sellers sellers) throws Exception {
        List<NodeProcess> victims = new ArrayList<>();
        for (int k = 0; k < KILLED; k++) {
            victims.add(nodes.get(1 + k * (NODES - 1) / KILLED));
        }
        for (NodeProcess victim : victims) {
            sellers.awaitMidWrite(victim);
            ProcessHandle.of(victim.pid()).ifPresent(Commands::kill);
        }
        Thread.sleep(1000); // the writes in flight fail now; what was acknowledged is recorded
        Map<String, Map<String, String>> beforeTheKill = new HashMap<>();
        victims.forEach(victim -> beforeTheKill.put(victim.name(), sellers.acknowledgedOn(victim)));
        Thread.sleep(15_000);
        for (NodeProcess victim : victims) {
            Commands.Result started = distribution.dumpNode("start", victim);
            assertEquals(started.toString(), 0, started.exitCode());
        }
        for (NodeProcess victim : victims) {
            victim.awaitUp(PATIENCE);
        }
        long restarted = System.nanoTime();
        victims.forEach(victim -> writesAtRestart.put(victim.name(), sellers.acknowledgedWrites(victim)));
        Map<String, String> atRestart = sellers.acknowledged();
        for (NodeProcess victim : victims) {
            Map<String, String> held = awaitListings(victim);
            Set<String> changing = sellers.uncertain();
            beforeTheKill.get(victim.name()).forEach((id, state) -> {
                String now = sellers.acknowledged().get(id);
                if (!changing.contains(id) && state.equals(now)) {
                    assertEquals(victim.name() + " lost listing " + id + " it acknowledged before its kill", state,
                            held.getOrDefault(id, Sellers.DELETED));
                }
            });
            report("acknowledged by " + victim.name() + " before its kill", beforeTheKill.get(victim.name()).size()
                    + " listings, all there after its restart");
        }
        // Caught up: each holds every listing that was live at its restart and still is (later edits may differ).
        awaitTrue("the restarted nodes catch up", () -> victims.stream().allMatch(victim -> {
            Map<String, String> held = NetworkCensus.listings(victim, Sellers.seller(victim));
            Map<String, String> now = sellers.acknowledged();
            Set<String> changing = sellers.uncertain();
            return held != null && atRestart.keySet().stream().filter(id -> !changing.contains(id))
                    .filter(id -> !Sellers.DELETED.equals(now.get(id))).allMatch(held::containsKey);
        }));
        report("restarted nodes caught up", seconds(restarted) + " s after their restart");
    }

    /** Cuts the last {@link #CUT} nodes off from the others for {@link #CUT_FOR} while everyone writes; heals. */
    private void cutOffAndHeal(NodeNetwork network, Sellers sellers) throws Exception {
        List<NodeNetwork.Host> side = market.hosts().subList(NODES - CUT, NODES);
        List<NodeNetwork.Host> others = market.hosts().subList(0, NODES - CUT);
        NodeProcess inside = nodes.get(NODES - 1);
        NodeProcess outside = nodes.get(0);
        assertTrue("before the cut", network.reaches(side.get(0), others.get(0), outside.http()));
        network.partition(side, others);
        assertFalse("the cut cuts", network.reaches(side.get(0), others.get(0), outside.http()));
        assertFalse("both ways", network.reaches(others.get(0), side.get(CUT - 1), inside.http()));
        assertEquals("the test still reaches the cut-off nodes", 200, inside.api().get("node").send().status());
        int insideWrites = sellers.acknowledgedWrites(inside);
        int outsideWrites = sellers.acknowledgedWrites(outside);
        Thread.sleep(CUT_FOR.toMillis());
        assertTrue("writes on the cut-off side", sellers.acknowledgedWrites(inside) > insideWrites);
        assertTrue("and on the other", sellers.acknowledgedWrites(outside) > outsideWrites);
        network.heal();
        assertTrue("healed", network.reaches(side.get(0), others.get(0), outside.http()));
    }

    /** Waits until every node holds the same live listings, every acknowledged write among them; returns them. */
    private Map<String, String> awaitConvergence(Sellers sellers) throws Exception {
        Map<String, String> acknowledged = sellers.acknowledged();
        Set<String> uncertain = sellers.uncertain();
        List<Map<String, String>> held = new ArrayList<>();
        awaitTrue("every node holds the same listings", () -> {
            held.clear();
            for (NodeProcess node : nodes) {
                held.add(NetworkCensus.listings(node, Sellers.seller(node)));
            }
            return held.stream().allMatch(h -> h != null && h.equals(held.get(0)));
        }, () -> nodes.stream().map(node -> node.name() + " " + sizeOf(held.get(nodes.indexOf(node))))
                .collect(Collectors.joining(", ", "live listings per node: ", "")));
        Map<String, String> lost = acknowledged.entrySet().stream().filter(e -> !uncertain.contains(e.getKey()))
                .filter(e -> !e.getValue().equals(held.get(0).getOrDefault(e.getKey(), Sellers.DELETED)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals("acknowledged writes not held (id -> acknowledged state)", Map.of(), lost);
        return held.get(0);
    }

    private Map<String, String> awaitListings(NodeProcess node) throws Exception {
        Map<String, String>[] held = new Map[1];
        awaitTrue(node.name() + "'s market answers", () -> (held[0] = NetworkCensus.listings(node,
                Sellers.seller(node))) != null, node::logTail);
        return held[0];
    }

    /** Payload copies: records each node sent its peers (pushes and anti-entropy), per record and receiving node. */
    private void reportCopies(Sellers sellers) throws Exception {
        long[] inAndOut = NetworkCensus.recordsInAndOut(nodes);
        double needed = (double) sellers.acknowledgedWrites() * (NODES - 1);
        report("payload copies per node per record", String.format("%.2f sent (%d records out in all), %.2f stored "
                + "from pushes (%d records in), for %d acknowledged versions x %d other nodes", inAndOut[1] / needed,
                inAndOut[1], inAndOut[0] / needed, inAndOut[0], sellers.acknowledgedWrites(), NODES - 1));
    }

    private static void awaitTrue(String what, Callable<Boolean> condition) throws Exception {
        awaitTrue(what, condition, () -> "");
    }

    private static void awaitTrue(String what, Callable<Boolean> condition, Supplier<String> why) throws Exception {
        NetworkCensus.await(what, PATIENCE, condition, why);
    }

    private static String sizeOf(Map<String, String> listings) {
        return listings == null ? "(unreadable)" : Integer.toString(listings.size());
    }

    private static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }

    private static void report(String what, String figures) {
        System.out.println("gossip-faults: " + what + ": " + figures);
    }
}
