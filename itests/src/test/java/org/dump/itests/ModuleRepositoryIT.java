package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.dump.itests.support.Commands;
import org.dump.itests.support.ModuleReleases;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Modules travel between real node processes from signed repositories, in a line X–Y–Z. X holds the build's signed
 * repository, shipped in its distribution; Y and Z are set not to take theirs ({@code importShipped = false}), so
 * the market goes from X to Y and from Y to Z by {@code dump:module-install} in each node's shell, and new releases
 * published on X reach Y and Z by auto-update, a new major version excepted.
 */
public class ModuleRepositoryIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static NodeDistribution distribution;
    private static NodeSteps steps;
    private static ModuleReleases releases;
    private static NodeProcess x;
    private static NodeProcess y;
    private static NodeProcess z;

    @BeforeClass
    public static void startTheLine() throws Exception {
        distribution = new NodeDistribution("modules");
        steps = new NodeSteps(distribution);
        releases = new ModuleReleases(Files.createTempDirectory(distribution.work(), "releases"));
        distribution.configure("org.dump.federation.exchange", "autoPeers = 0");
        distribution.configure("org.dump.federation.sync", "intervalSeconds = 5", "firstRoundSeconds = 3");
        distribution.configure("org.dump.repository", "updatePolicy = minor", "intervalSeconds = 3",
                "firstRoundSeconds = 1");
        x = distribution.start("X").get(0);
        distribution.configure("org.dump.repository", "updatePolicy = minor", "intervalSeconds = 3",
                "firstRoundSeconds = 1", "importShipped = false");
        List<NodeProcess> nodes = distribution.start("Y", "Z");
        y = nodes.get(0);
        z = nodes.get(1);
        steps.createUser(x, "adam", "Adam Smith", "adam@example.org");
        steps.createUser(z, "zoe", "Zoe Zebra", "zoe@example.org");
        steps.makePeers(x, y);
        steps.makePeers(y, z);
    }

    @AfterClass
    public static void stopTheNodes() {
        if (distribution != null) {
            distribution.close();
        }
    }

    /**
     * The story's step 5 and its sequel, in order: the market from X to Y to Z, Z catching up on Adam's listing;
     * then 1.1 published on X updating X, Y and Z by themselves with only the market restarted; then 2.0, which
     * no node takes by itself.
     */
    @Test
    public void theMarketTravelsFromPeerToPeerAndUpdatesItselfWithinItsMajorVersion() throws Exception {
        String onX = shell(x, "dump:module-install market");
        assertTrue(onX, onX.contains("Installed and started org.dump.module.market 1.0.0"));
        steps.awaitStatus(x, "modules/market/listings", "adam", 200);
        String id = steps.list(x, "adam", "Wool socks", 7.5).path("id").asText();

        String onY = awaitShell(y, "dump:module-list -r", out -> out.contains(x.id()));
        assertTrue(onY, onY.contains("dump-development"));
        String installedOnY = shell(y, "dump:module-install market");
        assertTrue(installedOnY, installedOnY.contains("from " + x.url()));

        // Z reads Y's repository itself when it installs: no dump:module-list -r first.
        String installedOnZ = shell(z, "dump:module-install market");
        assertTrue(installedOnZ, installedOnZ.contains("downloading org.dump.module.market 1.0.0 from " + y.url()));
        assertTrue(installedOnZ, installedOnZ.contains("verifying"));
        assertTrue(installedOnZ, installedOnZ.contains("Installed and started org.dump.module.market 1.0.0"));
        steps.awaitListing(z, id, "zoe", "Wool socks");

        Path release = releases.publishMarket("1.1.0", "1.0.0");
        shell(x, "dump:repository-import " + release);
        for (NodeProcess node : List.of(x, y, z)) {
            String updated = awaitLog(node, "Updated org.dump.module.market 1.0.0 to 1.1.0");
            assertTrue(updated, updated.contains("restarted 1 bundle(s): org.dump.module.market 1.1.0"));
        }
        steps.awaitListing(z, id, "zoe", "Wool socks");

        Path major = releases.publishMarket("2.0.0", "2.0.0");
        shell(x, "dump:repository-import " + major);
        awaitShell(z, "dump:module-list", out -> out.contains("2.0.0"));
        // Three more rounds of auto-update on Z: still 1.1.0, and no 2.0 running beside it.
        Thread.sleep(10_000);
        String modules = shell(z, "dump:module-list");
        assertTrue(modules, modules.matches("(?s).*org\\.dump\\.module\\.market\\s*\\|\\s*1\\.1\\.0\\s*\\|\\s*ACTIVE.*"));
        assertFalse(modules, modules.matches("(?s).*org\\.dump\\.module\\.market\\s*\\|\\s*2\\.0\\.0\\s*\\|\\s*ACTIVE.*"));
        assertFalse(z.logTail(), Files.readString(z.dir().resolve("data/log/karaf.log")).contains("to 2.0.0"));

        // Y, which runs the market, holds 2.0 for its peers without running it; installed by hand on Z, 2.0 runs
        // beside 1.1 with data of its own (another major data version).
        awaitShell(z, "dump:module-list -r", out -> out.matches("(?s).*\\|\\s*2\\.0\\.0\\s*\\|[^\\n]*" + y.id() + ".*"));
        String beside = shell(z, "dump:module-install market '[2.0,3)'");
        assertTrue(beside, beside.contains("Installed and started org.dump.module.market 2.0.0"));
        String both = shell(z, "dump:module-list");
        assertTrue(both, both.matches("(?s).*org\\.dump\\.module\\.market\\s*\\|\\s*1\\.1\\.0\\s*\\|\\s*ACTIVE.*"));
        assertTrue(both, both.matches("(?s).*org\\.dump\\.module\\.market\\s*\\|\\s*2\\.0\\.0\\s*\\|\\s*ACTIVE.*"));
        steps.awaitStatus(z, "modules/market-v2/listings", "zoe", 200);
        String second = steps.list(z, "zoe", "Version two", 2, "market-v2").path("id").asText();
        assertEquals(200, z.api().get("modules/market-v2/listings/" + second).basic("zoe", "zoe-password").send()
                .status());
        assertEquals(404, z.api().get("modules/market/listings/" + second).basic("zoe", "zoe-password").send()
                .status());
        steps.awaitListing(z, id, "zoe", "Wool socks");
    }

    /** What a node refuses comes back to the administrator as a clear message, and changes nothing. */
    @Test
    public void refusalsAreClear() throws Exception {
        Commands.Result unknown = distribution.client(y, "dump:module-install no-such-module");
        assertTrue(unknown.toString(), unknown.output().contains("No trusted publisher offers a module 'no-such-module'"));
        Commands.Result range = distribution.client(y, "dump:module-install market '[9.0,10)'");
        assertTrue(range.toString(), range.output().contains("No version of 'market' in [9.0,10)")
                || range.output().contains("No trusted publisher offers"));
        Commands.Result untrusted = distribution.client(y, "dump:trust-add dump-development AAAA");
        assertTrue(untrusted.toString(), untrusted.output().contains("public key"));
        String trusted = shell(y, "dump:trust-list");
        assertTrue(trusted, trusted.contains("dump-development"));

        String key = org.dump.crypto.Ed25519KeyPair.generate().publicKey().base64();
        assertTrue(shell(y, "dump:trust-add acme " + key).contains("is trusted"));
        Path file = y.dir().resolve("etc/org.dump.repository.trust.cfg");
        assertTrue(Files.readString(file), Files.readString(file).contains("publisher.acme") && Files.readString(file).contains(key));
        assertTrue(shell(y, "dump:trust-list").contains(key));
        assertTrue(shell(y, "dump:trust-remove acme").contains("no longer trusted"));
        assertFalse(Files.readString(file).contains(key));
        assertTrue(Files.readString(file).contains("publisher.dump-development"));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static String shell(NodeProcess node, String command) throws Exception {
        return steps.shell(node, command);
    }

    private static String awaitShell(NodeProcess node, String command, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String output;
        do {
            output = shell(node, command);
            if (wanted.test(output)) {
                return output;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(node.name() + ": '" + command + "' never showed what was expected:\n" + output
                + "\n" + node.logTail());
    }

    private static String awaitLog(NodeProcess node, String text) throws Exception {
        return steps.awaitLog(node, text, PATIENCE);
    }
}
