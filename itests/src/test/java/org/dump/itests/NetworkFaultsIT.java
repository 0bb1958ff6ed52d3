package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.dump.itests.support.Api;
import org.dump.itests.support.ConnectionWatch;
import org.dump.itests.support.FakePeer;
import org.dump.itests.support.MarketNetwork;
import org.dump.itests.support.NetworkCensus;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeNetwork;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.dump.itests.support.Sellers;
import org.dump.itests.support.UserProbe;
import org.junit.Assume;
import org.junit.Test;

import com.sun.net.httpserver.HttpExchange;

/**
 * Faults of the network around real nodes (issue 27, item 4). X and Y run the market, each in a network namespace of
 * its own, made peers with one {@code dump:peer-add}. Then Y's link turns poor (packets lost each way, a narrow rate
 * each way: {@link NodeNetwork#impair}), and two more peers of X, taken by their hellos, turn rude: one accepts
 * connections and never answers, the other answers one byte a second. The sellers of X and Y write all along.
 *
 * <p>Meanwhile X's own user, signed in, is answered every time; every call X makes to a rude peer ends within the
 * longest deadline the node gives a peer's answer; X's threads do not pile up, and no queue of {@code dump:queues} is
 * over its limit. Y's link did lose packets (Y's TCP sent segments again). Afterwards X and Y hold the same listings,
 * every acknowledged write among them, and {@code dump:record-verify} is clean on both. The test prints its
 * figures in lines that begin with {@code network-faults:} ({@code benchmarks/faults/network.sh} keeps them).
 */
public class NetworkFaultsIT {

    private static final String NAMESPACES = "dn27";
    private static final int LOSS_PERCENT = Integer.getInteger("dump.netfaults.loss", 10);
    private static final String RATE = System.getProperty("dump.netfaults.rate", "1mbit");
    private static final Duration BASELINE_FOR = Duration.ofSeconds(Integer.getInteger("dump.netfaults.baseline", 15));
    private static final Duration FAULTS_FOR = Duration.ofSeconds(Integer.getInteger("dump.netfaults.seconds", 75));
    /** The longest a node waits for a peer's whole answer (a relay's poll, 40 s), and the watch's own slack. */
    private static final Duration LONGEST_CALL = Duration.ofSeconds(50);
    /** Threads that may come and go in a node without a fault: pools that grow with load and shrink when idle. */
    private static final int THREAD_SLACK = 30;
    private static final Duration PATIENCE = Duration.ofSeconds(300);

    @Test
    public void aNodeServesItsUsersAndSyncsThroughALossyLinkAndRudePeers() throws Exception {
        if (!NodeNetwork.available(NAMESPACES) || !NodeNetwork.installed("nft")) {
            System.err.println("WARNING: NetworkFaultsIT skipped: it needs root, ip, tc and nft (nftables)");
            Assume.assumeTrue(false);
        }
        NodeDistribution distribution = new NodeDistribution("netfaults");
        try (NodeNetwork network = new NodeNetwork(NAMESPACES, 27);
                FakePeer silent = new FakePeer("silent", network.gateway());
                FakePeer trickling = new FakePeer("trickling", network.gateway())) {
            try {
                run(distribution, network, silent, trickling);
            } catch (Throwable failure) {
                try {
                    distribution.close(); // before the namespaces its nodes run in go
                } catch (Throwable alsoFailed) {
                    failure.addSuppressed(alsoFailed); // what failed first is what the report must show
                }
                throw failure;
            }
            distribution.close();
        }
    }

    private void run(NodeDistribution distribution, NodeNetwork network, FakePeer silent, FakePeer trickling)
            throws Exception {
        MarketNetwork market = new MarketNetwork(distribution, network, 2, PATIENCE);
        NodeProcess x = market.nodes().get(0);
        taken(x, silent);
        taken(x, trickling);

        Sellers sellers = new Sellers(market.nodes(), 1000);
        UserProbe user = new UserProbe(x.api(), x.api().signIn(Sellers.seller(x), Sellers.seller(x) + "-password"));
        ConnectionWatch watch;
        NetworkCensus.ProcessFigures before;
        try {
            Thread.sleep(BASELINE_FOR.toMillis());
            int calmReads = user.reads();
            UserProbe.Figures calm = user.figures(0, calmReads);
            before = NetworkCensus.figures(x);
            long resentBefore = network.retransmittedSegments(market.hosts().get(1));
            network.impair(market.hosts().get(1), LOSS_PERCENT, RATE);
            silent.closeEachConnection().answerAllBut("/api/node", NetworkFaultsIT::neverAnswer);
            trickling.closeEachConnection().answerAllBut("/api/node", NetworkFaultsIT::trickle);
            watch = new ConnectionWatch(List.of(silent.url().getPort(), trickling.url().getPort()));
            int rudeBefore = silent.received().size() + trickling.received().size();
            Thread.sleep(FAULTS_FOR.toMillis());
            long resent = network.retransmittedSegments(market.hosts().get(1)) - resentBefore;
            report("TCP segments Y sent again during the faults", Long.toString(resent));
            assertTrue("Y's link lost nothing: no segment was sent again", resent > 0);
            UserProbe.Figures faulty = user.figures(calmReads, user.reads());
            report("user of X before the faults", calm.toString());
            report("user of X during the faults", faulty.toString());
            assertEquals("X's user got an error while X's peers were faulty: " + faulty, 0, faulty.failures());
            assertTrue("X asked the rude peers nothing (" + (silent.received().size()
                    + trickling.received().size()) + " requests)", silent.received().size()
                    + trickling.received().size() > rudeBefore);
        } finally {
            user.close();
            sellers.close();
        }
        NetworkCensus.ProcessFigures after = NetworkCensus.figures(x);
        report("X's process before and after the faults", before + "; " + after);
        assertTrue("X's threads piled up: " + before + " -> " + after,
                after.threads() <= before.threads() + THREAD_SLACK);

        long stopped = System.nanoTime();
        awaitTheSameListings(market.nodes(), sellers);
        report("X and Y hold the same listings, through the lossy link", seconds(stopped) + " s after the "
                + "writes stopped; " + sellers.acknowledgedWrites() + " acknowledged writes, "
                + sellers.unacknowledgedWrites() + " not");
        watch.close();
        assertTrue("a call to a rude peer was still waiting after " + LONGEST_CALL + ": " + watch,
                watch.lives().isEmpty() || watch.lives().get(0).length().compareTo(LONGEST_CALL) <= 0);
        report("calls to the rude peers", watch.toString() + "; requests: silent " + paths(silent)
                + ", trickling " + paths(trickling));
        NodeSteps steps = new NodeSteps(distribution);
        String queues = steps.shell(x, "dump:queues --no-format");
        report("X's queues after the faults", queues.strip().replace('\n', ';').replace('\t', ' '));
        for (String row : queues.strip().split("\n")) {
            String[] cells = row.strip().split("\t");
            assertEquals("a row of dump:queues: " + row, 3, cells.length);
            assertTrue("X's " + cells[0] + " is over its limit: " + row, cells[2].equals("-")
                    || Long.parseLong(cells[1]) <= Long.parseLong(cells[2]));
        }
        for (NodeProcess node : market.nodes()) {
            String verified = steps.shell(node, "dump:record-verify market");
            assertTrue(node.name() + ": " + verified, verified.contains("All ") && verified.contains("verified")
                    && !verified.contains("FAILED"));
        }
        network.repair(market.hosts().get(1));
    }

    /** Has {@code fake} say hello to {@code node} and asserts that it is taken as a peer. */
    private static void taken(NodeProcess node, FakePeer fake) throws Exception {
        HttpResponse<String> hello = fake.hello(URI.create(node.url()));
        assertEquals(hello.body(), 200, hello.statusCode());
        assertEquals(hello.body(), "taken", Api.JSON.readTree(hello.body()).path("outcome").asText());
    }

    /** Waits until both nodes hold the same live listings, and asserts every acknowledged write is among them. */
    private static void awaitTheSameListings(List<NodeProcess> nodes, Sellers sellers) throws Exception {
        List<Map<String, String>> held = new ArrayList<>();
        NetworkCensus.await("X and Y hold the same listings", PATIENCE, () -> {
            held.clear();
            for (NodeProcess node : nodes) {
                held.add(NetworkCensus.listings(node, Sellers.seller(node)));
            }
            return held.stream().allMatch(h -> h != null && h.equals(held.get(0)));
        }, () -> held.stream().map(h -> h == null ? "(unreadable)" : h.size() + " listings")
                .collect(Collectors.joining(", ")));
        Set<String> uncertain = sellers.uncertain();
        Map<String, String> lost = sellers.acknowledged().entrySet().stream()
                .filter(e -> !uncertain.contains(e.getKey()))
                .filter(e -> !e.getValue().equals(held.get(0).getOrDefault(e.getKey(), Sellers.DELETED)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals("acknowledged writes not held (id -> acknowledged state)", Map.of(), lost);
    }

    /** Takes the request and answers nothing, until the node hangs up or the fake is closed. */
    private static void neverAnswer(HttpExchange exchange, byte[] body) {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the fake is closing
        }
    }

    /** Answers 200 and then one byte a second, for ever (until the node hangs up or the fake is closed). */
    private static void trickle(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            out.write('{');
            while (true) {
                out.flush();
                Thread.sleep(1000);
                out.write(' ');
            }
        } catch (IOException e) {
            // the node hung up: what it should do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return how many requests the fake got, by path */
    private static Map<String, Long> paths(FakePeer fake) {
        return fake.received().stream().collect(Collectors.groupingBy(path -> path, TreeMap::new,
                Collectors.counting()));
    }

    private static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }

    private static void report(String what, String figures) {
        System.out.println("network-faults: " + what + ": " + figures);
    }
}
