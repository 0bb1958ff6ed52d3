package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.dump.itests.support.Commands;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Peering as newcomers do it (issue 21): brand-new nodes, each link made by {@code dump:peer-add} on one side only,
 * through the real bin/client. A adds B and B adds C; the market is installed on all three afterwards, the way the
 * other tests install it; a listing written on any of them reaches the other two. M approves peers by hand: A's
 * {@code dump:peer-add} says so, {@code dump:peer-list} marks M, and records flow once M's administrator approves;
 * C's request is refused, and C says so once, however often it asks again.
 */
public class OneSidedPeeringIT {

    private static NodeDistribution distribution;
    private static NodeSteps steps;
    private static NodeProcess a;
    private static NodeProcess b;
    private static NodeProcess c;
    private static NodeProcess m;

    @BeforeClass
    public static void startBrandNewNodes() throws Exception {
        distribution = new NodeDistribution("peering");
        steps = new NodeSteps(distribution);
        // Shorter waits between the hellos to a peer that does not take this node (defaults 10 s, up to 300 s).
        distribution.configure("org.dump.federation", "refusalRetryFirstSeconds = 2", "refusalRetryMaxSeconds = 8");
        List<NodeProcess> nodes = distribution.start("A", "B", "C", "M");
        a = nodes.get(0);
        b = nodes.get(1);
        c = nodes.get(2);
        m = nodes.get(3);
        steps.createUser(a, "ann", "Ann", "ann@example.org");
        steps.createUser(b, "bob", "Bob", "bob@example.org");
        steps.createUser(c, "cat", "Cat", "cat@example.org");
    }

    @AfterClass
    public static void stopTheNodes() {
        if (distribution != null) {
            distribution.close();
        }
    }

    /** A adds B, B adds C, and nothing else: a listing written on any of the three reaches the other two. */
    @Test
    public void listingsTravelBetweenNodesLinkedFromOneSideOnly() throws Exception {
        String aId = a.id();
        String bId = b.id();
        Commands.Result ab = distribution.client(a, "dump:peer-add " + b.url());
        assertTrue(ab.toString(), ab.output().contains("Peer " + bId + " (B)")
                && ab.output().contains("It takes this node as its peer in turn"));
        Commands.Result bc = distribution.client(b, "dump:peer-add " + c.url());
        assertTrue(bc.toString(), bc.output().contains("It takes this node as its peer in turn"));
        assertEquals("B took A in turn", "yes", takesUs(b, aId));
        assertEquals("C took B in turn", "yes", takesUs(c, bId));

        steps.installMarket(a, "ann");
        steps.installMarket(b, "bob");
        steps.installMarket(c, "cat");
        Map<NodeProcess, String> users = Map.of(a, "ann", b, "bob", c, "cat");
        for (NodeProcess writer : List.of(a, b, c)) {
            String title = "Written on " + writer.name() + " " + System.nanoTime();
            String id = steps.list(writer, users.get(writer), title, 5).path("id").asText();
            for (NodeProcess reader : List.of(a, b, c)) {
                if (reader != writer) {
                    steps.awaitListing(reader, id, users.get(reader), title);
                }
            }
        }
    }

    /**
     * M takes peers by hand: A's request waits, and peer-list says so, until M's administrator approves it; C's
     * request is refused, C's peer-list says so, and C's log says it once although C keeps asking.
     */
    @Test
    public void aNodeThatApprovesPeersByHandSaysSoAndRecordsFlowOnceItApproves() throws Exception {
        Commands.Result manual = distribution.client(m, "config:edit org.dump.federation\n"
                + "config:property-set acceptPeers manual\nconfig:update");
        assertEquals(manual.toString(), 0, manual.exitCode());
        String aId = a.id();
        String cId = c.id();
        String mId = m.id();

        Commands.Result added = distribution.client(a, "dump:peer-add " + m.url());
        assertTrue(added.toString(), added.output().contains("Peer " + mId + " (M)")
                && added.output().contains("It has NOT taken this node as its peer yet")
                && added.output().contains("approves peers by hand"));
        assertEquals(row(a, mId), "pending approval", takesUs(a, mId));
        String requests = distribution.client(m, "dump:peer-requests").output();
        assertTrue(requests, requests.contains(aId) && requests.contains("pending"));
        assertTrue("M took nobody yet", !distribution.client(m, "dump:peer-list").output().contains(aId));

        Commands.Result fromC = distribution.client(c, "dump:peer-add " + m.url());
        assertTrue(fromC.toString(), fromC.output().contains("approves peers by hand"));
        Commands.Result refused = distribution.client(m, "dump:peer-refuse " + cId);
        assertTrue(refused.toString(), refused.output().contains("Request of node " + cId));
        awaitTrue(() -> takesUs(c, mId).startsWith("NO: this node's administrator refused"), () -> "C's peer-list: "
                + row(c, mId) + "\n" + c.logTail());
        // C keeps asking (every 2, 4, 8, 8… s), and says that M refuses it once.
        awaitTrue(() -> hellos(cId) >= 4, () -> "C asked M again: " + hellos(cId));
        String cLog = Files.readString(c.dir().resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
        assertEquals(cLog.lines().filter(line -> line.contains("Peer " + mId)).toList().toString(), 1,
                cLog.lines().filter(line -> line.contains("Peer " + mId + " does not take this node as its peer"))
                        .count());

        Commands.Result approved = distribution.client(m, "dump:peer-approve " + aId);
        assertTrue(approved.toString(), approved.output().contains("It takes this node as its peer in turn"));
        assertTrue(distribution.client(m, "dump:peer-list").output().contains(aId));
        awaitTrue(() -> takesUs(a, mId).equals("yes"), () -> "A's peer-list: " + row(a, mId));
        String aLog = Files.readString(a.dir().resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
        assertTrue(aLog, aLog.contains("Peer " + mId + " takes this node as its peer again"));
    }

    /** @return the row of {@code peer} in {@code node}'s dump:peer-list, or "" */
    private static String row(NodeProcess node, String peer) throws Exception {
        return distribution.client(node, "dump:peer-list").output().lines().filter(line -> line.contains(peer))
                .findFirst().orElse("");
    }

    /** @return the Takes us column of {@code peer}'s row in {@code node}'s dump:peer-list, or "" */
    private static String takesUs(NodeProcess node, String peer) throws Exception {
        // Columns: id, name, address, modules, reachable, takes us, …
        String[] columns = row(node, peer).split("\\|");
        return columns.length < 6 ? "" : columns[5].strip();
    }

    /** @return how many hellos M's request of {@code node} counts */
    private static long hellos(String node) throws Exception {
        String line = distribution.client(m, "dump:peer-requests").output().lines()
                .filter(l -> l.contains(node)).findFirst().orElse("");
        String[] columns = line.split("\\|");
        return columns.length < 8 ? 0 : Long.parseLong(columns[7].strip());
    }

    private static void awaitTrue(Callable<Boolean> condition, Callable<String> message) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message.call());
            }
            Thread.sleep(500);
        }
    }
}
