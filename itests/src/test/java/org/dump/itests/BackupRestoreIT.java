package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.dump.itests.support.Commands;
import org.dump.itests.support.NodeDatabases;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * A node moved by backup and restore, as docs/admin.md tells an administrator to (issue 26): node X, with accounts,
 * a profile, market listings, a peer Y and a trusted publisher, is backed up with {@code dump:backup} while it
 * serves; X stops; a fresh node Z runs {@code dump:restore} and is restarted. Z is then node X: the same id, accounts,
 * profile, listings, peer and publisher, and it goes on syncing with Y both ways. A damaged file and a node that
 * holds data are refused first. Then the same backup moves X, a node on embedded Derby, to a node W on PostgreSQL,
 * which is X in turn.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class BackupRestoreIT {

    private static NodeDistribution distribution;
    private static NodeSteps steps;
    /** What the first test leaves for the second: the backup of X, and what it holds. */
    private static Path file;
    private static String xId;
    private static String socks;
    private static String hat;
    private static NodeProcess y;
    private static NodeProcess z;

    @BeforeClass
    public static void unpack() throws Exception {
        distribution = new NodeDistribution("backup");
        steps = new NodeSteps(distribution);
    }

    @AfterClass
    public static void stopTheNodes() {
        if (distribution != null) {
            distribution.close();
        }
    }

    @Test
    public void a_aNodeMovesToAFreshNodeByBackupAndRestore() throws Exception {
        List<NodeProcess> started = distribution.start("X", "Y");
        NodeProcess x = started.get(0);
        y = started.get(1);
        steps.createUser(x, "adam", "Adam Seller", "adam@example.org");
        steps.createUser(x, "beatrice", "Beatrice", "bea@example.org");
        steps.createUser(y, "stephanie", "Stephanie", "steph@example.org");
        steps.installMarket(x, "adam");
        steps.installMarket(y, "stephanie");
        steps.makePeers(x, y);
        String publisherKey = newPublisherKey();
        steps.shell(x, "dump:trust-add acme " + publisherKey);
        socks = steps.list(x, "adam", "Socks before the backup", 3).path("id").asText();
        hat = steps.list(y, "stephanie", "A hat from Y", 7).path("id").asText();
        steps.awaitListing(y, socks, "stephanie", "Socks before the backup");
        steps.awaitListing(x, hat, "adam", "A hat from Y");
        xId = x.id();

        // The backup, while X serves: listings are written as it runs.
        file = distribution.work().resolve("x-backup.zip");
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> writing = writer.submit(() -> {
            for (int i = 0; i < 10; i++) {
                steps.list(x, "beatrice", "Written during the backup " + i, i);
            }
        });
        String backedUp = steps.shell(x, "dump:backup " + file);
        writing.get();
        writer.shutdown();
        assertTrue(backedUp, backedUp.contains("Backed up node " + xId));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        // Z: a fresh node, with only its first administrator.
        z = distribution.start("Z").get(0);

        // Refusals first: a truncated file, and a node that holds data (Y), change nothing.
        Path truncated = distribution.work().resolve("truncated.zip");
        byte[] whole = Files.readAllBytes(file);
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        Commands.Result refused = distribution.client(z, "dump:restore " + truncated);
        assertTrue(refused.toString(), refused.output().contains("not a complete backup file"));
        Commands.Result full = distribution.client(y, "dump:restore " + file);
        assertTrue(full.toString(), full.output().contains("this node holds data already"));
        assertEquals(200, y.api().get("modules/market/listings/" + hat).basic("stephanie", "stephanie-password")
                .send().status());

        // X goes; Z becomes X.
        distribution.stop(x);
        String restored = steps.shell(z, "dump:restore " + file);
        assertTrue(restored, restored.contains("Restored node " + xId));
        assertTrue(restored, restored.contains("RESTART THE NODE NOW"));
        assertTrue(restored, restored.contains("dump:module-install market"));
        distribution.stop(z);
        distribution.restart(z);
        isNodeXAndSyncsWithY(z, "Z");
    }

    @Test
    public void b_theSameBackupMovesTheNodeFromDerbyToPostgresql() throws Exception {
        NodeDatabases.assumeServer();
        assertTrue("the first test did not finish", file != null && z != null);
        distribution.stop(z);
        NodeProcess w = distribution.startOnPostgresql("W");

        String restored = steps.shell(w, "dump:restore " + file);
        assertTrue(restored, restored.contains("Restored node " + xId));
        distribution.stop(w);
        distribution.restart(w);

        String status = steps.shell(w, "dump:status");
        assertTrue(status, status.matches("(?s).*Datasource\\s*\\|\\s*jdbc:postgresql:.*"));
        isNodeXAndSyncsWithY(w, "W");
    }

    /** Checks that {@code node}, restored and restarted, is X, and that it goes on syncing with Y both ways. */
    private static void isNodeXAndSyncsWithY(NodeProcess node, String name) throws Exception {
        assertEquals(xId, node.id());
        steps.installMarket(node, "adam");

        steps.awaitListing(node, socks, "beatrice", "Socks before the backup");
        steps.awaitListing(node, hat, "adam", "A hat from Y");
        assertEquals("Adam Seller", node.api().get("me/profile").basic("adam", "adam-password").send().json()
                .path("displayName").asText());
        String peers = steps.shell(node, "dump:peer-list");
        assertTrue(peers, peers.contains(y.id()));
        String publishers = steps.shell(node, "dump:trust-list");
        assertTrue(publishers, publishers.contains("acme"));

        // It goes on syncing with Y, both ways, once Y knows its new address (docs/admin.md: dump:peer-add again).
        String added = steps.shell(node, "dump:peer-add " + y.url());
        assertTrue(added, added.contains("It takes this node as its peer in turn"));
        String fromY = steps.list(y, "stephanie", "Written on Y after the move to " + name, 9).path("id").asText();
        steps.awaitListing(node, fromY, "adam", "Written on Y after the move to " + name);
        String fromNode = steps.list(node, "adam", "Written on " + name + " after the move", 11).path("id").asText();
        steps.awaitListing(y, fromNode, "stephanie", "Written on " + name + " after the move");
    }

    /** A publisher key as dump:trust-add takes it: the raw Ed25519 public key, base64. */
    private static String newPublisherKey() throws Exception {
        byte[] encoded = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }
}
