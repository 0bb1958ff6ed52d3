package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dump.itests.support.Api;
import org.dump.itests.support.Api.Reply;
import org.dump.itests.support.NetworkCensus;
import org.dump.itests.support.NodeDatabases;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.dump.itests.support.Sellers;
import org.dump.itests.support.SmallDisk;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The disk of a node's database fills up (issue 27, "Disk full"). Node X keeps its embedded Derby database on a small
 * file system the test makes itself (a loop-mounted ext4 image), pointed at by the datasource URL as docs/admin.md
 * tells an administrator; node Y, its peer, on the ordinary disk. Sellers write on both all along. The test fills X's
 * file system to the last block: X's writes then get 507 with the API's JSON error and Retry-After, X logs one line
 * (not a stack trace per request), reads go on, and Y's pushes are refused with 507 without X blaming Y. The space is
 * given back: X takes writes again by itself, no restart; every write it acknowledged is there, Y's records of the
 * meantime reach it, and {@code dump:record-verify} finds nothing wrong.
 */
public class DiskFullIT {

    private static final String PREFIX = "diskfull";
    /** Big enough for the database and a margin, small enough to fill in a moment. */
    private static final int DISK_MEGABYTES = 64;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** A description near the market's 4,000 characters: each listing takes pages the database must add. */
    private static final String LONG_TEXT = "This listing takes room in the database. ".repeat(95);

    private static NodeDistribution distribution;
    private static SmallDisk disk;
    private static NodeSteps steps;
    private static NodeProcess x;
    private static NodeProcess y;
    private static long began;

    @BeforeClass
    public static void startTheNodes() throws Exception {
        began = System.nanoTime();
        SmallDisk.assumeAvailable();
        // What this test shows is embedded Derby's: a PostgreSQL run has no database directory of X's to fill.
        Assume.assumeFalse(NodeDatabases.postgresql());
        SmallDisk.unmountLeftovers(Path.of(System.getProperty("dump.itests.work", "target")), PREFIX + "-");
        distribution = new NodeDistribution(PREFIX);
        disk = SmallDisk.mount(distribution.work(), DISK_MEGABYTES);
        String url = "jdbc:derby:" + disk.root().resolve("derby") + ";create=true";
        List<NodeProcess> nodes = distribution.start(name -> name.equals("X")
                ? Map.of("org.ops4j.datasource-dump", Map.of("url", url)) : Map.of(), "X", "Y");
        x = nodes.get(0);
        y = nodes.get(1);
        steps = new NodeSteps(distribution);
        for (NodeProcess node : nodes) {
            steps.createUser(node, Sellers.seller(node), "Seller on " + node.name(), node.name() + "@example.org");
            steps.installMarket(node, Sellers.seller(node));
        }
        steps.makePeers(x, y);
    }

    @AfterClass
    public static void stopTheNodesAndUnmount() throws Exception {
        try {
            if (distribution != null) {
                distribution.close();
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    @Test
    public void writesAreRefusedCleanlyWhileTheDiskIsFullAndTakenAgainWhenThereIsRoom() throws Exception {
        long ready = System.nanoTime();
        String seller = Sellers.seller(x);
        Path log = x.dir().resolve("data/log/karaf.log");
        long logBefore = Files.readAllLines(log).size();
        Map<String, String> mine = new HashMap<>();
        Reply refused;
        try (Sellers sellers = new Sellers(List.of(x, y), 200)) {
            Thread.sleep(2000); // the sellers have written on both nodes

            long filled = disk.fill();
            refused = writeUntilRefused(seller, mine);
            assertEquals(refused.toString(), 507, refused.status());
            assertErrorBody(refused, 507, "Insufficient Storage", "out of disk space");
            assertTrue(refused.toString(), Long.parseLong(refused.header("Retry-After").orElse("0")) >= 1);

            // While full: every write is refused, at once and alike; the listings stay as they were; reads go on.
            String kept = mine.keySet().iterator().next();
            assertEquals(507, list(seller, "Refused while full").status());
            assertEquals(507, x.api().put("modules/market/listings/" + kept).basic(seller, seller + "-password")
                    .json(Api.object("title", "Changed while full", "price", 1, "currency", "EUR")).send().status());
            assertEquals(507, x.api().delete("modules/market/listings/" + kept).basic(seller, seller + "-password")
                    .send().status());
            steps.awaitListing(x, kept, seller, mine.get(kept));
            // Y pushes what its seller writes; X refuses it with 507 and Y tries again later (it logs that once).
            steps.awaitLog(y, "pushing records: HTTP 507", PATIENCE);

            List<String> during = newLines(log, logBefore);
            assertEquals("one line for the disk, not one a request:\n" + String.join("\n", during), 1,
                    during.stream().filter(line -> line.contains("Database out of disk space at "
                            + disk.root().resolve("derby"))).count());
            for (String noise : List.of("Unexpected error", "Record writer failed", "rolled back", "from peer "
                    + y.id() + " refused", "to a push failed", "A round of", "A task of")) {
                assertFalse(noise + " in X's log:\n" + String.join("\n", during),
                        during.stream().anyMatch(line -> line.contains(noise)));
            }
            awaitTrue("the seller on X meets refusals too", () -> sellers.unacknowledgedWrites() > 0);
            System.out.println("DiskFullIT: filled " + filled / 1024 + " KiB; " + mine.size() + " long listings "
                    + "acknowledged before the first 507, to " + refused.request());

            disk.release();
            String after = awaitWritable(seller);
            steps.awaitLog(x, "has disk space again", PATIENCE);
            mine.put(after, "Written once there was room again");
            Thread.sleep(2000); // the sellers write on both nodes again
            sellers.close();
            awaitEveryAcknowledgedListing(sellers, mine);
        }
        for (NodeProcess node : List.of(x, y)) {
            String verified = steps.shell(node, "dump:record-verify market");
            assertTrue(node.name() + ": " + verified, verified.contains("verified") && !verified.contains("FAILED"));
        }
        System.out.println("DiskFullIT: nodes ready in " + Duration.ofNanos(ready - began).toSeconds() + " s, the "
                + "test itself took " + Duration.ofNanos(System.nanoTime() - ready).toSeconds() + " s");
    }

    /**
     * Writes long listings on X, and edits each once, until a write is refused, noting those acknowledged: Derby
     * fills the pages it has before it needs a new one the disk cannot give. Whichever write meets the full disk
     * (a new record, or a change, which may fail before it is applied), it is answered, and answered alike.
     *
     * @return the refusal
     */
    private static Reply writeUntilRefused(String seller, Map<String, String> acknowledged) {
        for (int i = 0; i < 1000; i++) {
            String title = "Long listing " + i;
            Reply reply = list(seller, title);
            if (reply.status() != 201) {
                if (retryAtOnce(reply)) {
                    continue;
                }
                return reply;
            }
            String id = reply.json().path("id").asText();
            acknowledged.put(id, title);
            reply = x.api().put("modules/market/listings/" + id).basic(seller, seller + "-password").json(Api.object(
                    "title", title + " edited", "description", LONG_TEXT.toUpperCase(), "price", 3, "currency", "EUR"))
                    .send();
            if (reply.status() == 200) {
                acknowledged.put(id, title + " edited");
            } else if (!retryAtOnce(reply)) {
                return reply;
            }
        }
        throw new AssertionError("X took 1000 long listings on a full disk\n" + x.logTail());
    }

    /**
     * @return whether {@code reply} is a 503 whose database connection was closed under it: when another write (a
     *         seller's, the node's own bookkeeping) met the full disk first, Derby shut the database down under
     *         this one. Its JSON error says so and asks for a retry at once.
     */
    private static boolean retryAtOnce(Reply reply) {
        if (reply.status() != 503) {
            return false;
        }
        assertErrorBody(reply, 503, "Service Unavailable", "closed the connection");
        assertEquals(reply.toString(), "1", reply.header("Retry-After").orElse(null));
        return true;
    }

    private static Reply list(String seller, String title) {
        return x.api().post("modules/market/listings").basic(seller, seller + "-password")
                .json(Api.object("title", title, "description", LONG_TEXT, "price", 2, "currency", "EUR")).send();
    }

    /** @return the id of the first listing X takes once its disk has room again, without a restart */
    private static String awaitWritable(String seller) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Reply reply;
        do {
            reply = list(seller, "Written once there was room again");
            if (reply.status() == 201) {
                return reply.json().path("id").asText();
            }
            if (!retryAtOnce(reply)) {
                assertEquals(reply.toString(), 507, reply.status());
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("X still refuses writes with room on its disk: " + reply + "\n" + x.logTail());
    }

    /**
     * Waits until both nodes hold every listing a seller's write acknowledged (as it left it: the last acknowledged
     * title, or gone) and the test's own listings on X: none was lost, the refused pushes arrived after all.
     */
    private static void awaitEveryAcknowledgedListing(Sellers sellers, Map<String, String> mine)
            throws InterruptedException {
        Map<String, String> expected = new HashMap<>(sellers.acknowledged());
        Set<String> uncertain = sellers.uncertain();
        expected.keySet().removeAll(uncertain);
        expected.putAll(mine);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Map<NodeProcess, Map<String, String>> missing = new HashMap<>();
        do {
            missing.clear();
            for (NodeProcess node : List.of(x, y)) {
                Map<String, String> held = NetworkCensus.listings(node, Sellers.seller(node));
                Map<String, String> wrong = new HashMap<>();
                expected.forEach((id, state) -> {
                    String now = held == null ? "(no answer)" : held.getOrDefault(id, Sellers.DELETED);
                    if (!now.equals(state)) {
                        wrong.put(id, state + " but " + now);
                    }
                });
                if (!wrong.isEmpty()) {
                    missing.put(node, wrong);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        fail("acknowledged listings not as acknowledged: " + missing + "\n" + x.logTail());
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("never: " + what + "\n" + x.logTail());
            }
            Thread.sleep(200);
        }
    }

    private static List<String> newLines(Path log, long from) throws java.io.IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.subList((int) Math.min(from, lines.size()), lines.size());
    }

    /** Asserts the REST API's error body, as docs/api.md describes it. */
    private static void assertErrorBody(Reply reply, int status, String error, String words) {
        assertTrue(reply.toString(), reply.header("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(reply.toString(), status, reply.json().path("status").asInt());
        assertEquals(reply.toString(), error, reply.json().path("error").asText());
        assertTrue(reply.toString(), reply.json().path("message").asText().contains(words));
    }
}
