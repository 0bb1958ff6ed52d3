package org.dump.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.dump.itests.support.Commands;
import org.dump.itests.support.ModuleReleases;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A newcomer's first hour with modules (issue 21), on brand-new node processes, each step one command through
 * bin/client as the docs tell a person: a node installs the market with nothing but its distribution; a second node
 * adds the first as its peer and installs at once the newer market the first runs; a third, set not to take what
 * its distribution ships, gets it all from its peer. A distribution whose shipped market was tampered with still
 * starts, says so in its log, and installs nothing of it.
 *
 * <p>The nodes' own readings of their peers' repositories are put off for an hour ({@code firstRoundSeconds}), so
 * that only the reading an install makes itself can bring a peer's module.
 */
public class ModuleInstallIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String NO_READING_BY_ITSELF = "firstRoundSeconds = 3600";

    private static NodeDistribution distribution;
    private static NodeSteps steps;
    private static NodeDistribution tampered;

    @BeforeClass
    public static void unpack() throws Exception {
        distribution = new NodeDistribution("newcomer");
        steps = new NodeSteps(distribution);
        distribution.configure("org.dump.repository", NO_READING_BY_ITSELF);
    }

    @AfterClass
    public static void stopTheNodes() {
        try {
            if (distribution != null) {
                distribution.close();
            }
        } finally {
            if (tampered != null) {
                tampered.close();
            }
        }
    }

    @Test
    public void brandNewNodesInstallTheMarketWithOneCommand() throws Exception {
        // A: nothing imported, no peer.
        NodeProcess a = distribution.start("A").get(0);
        String onA = steps.shell(a, "dump:module-install market");
        assertTrue(onA, onA.contains("Installed and started org.dump.module.market 1.0.0 (publisher dump-development)"));
        assertFalse(onA, onA.contains("asking the peers"));
        steps.awaitLog(a, "Took the modules shipped in this distribution", PATIENCE);
        marketRuns(a, "adam");

        // A publishes and runs a newer compatible market, signed with the build's development key.
        Path release = new ModuleReleases(Files.createTempDirectory(distribution.work(), "releases"))
                .publishMarket("1.1.0", "1.0.0");
        steps.shell(a, "dump:repository-import " + release);
        String updated = steps.shell(a, "dump:module-update market");
        assertTrue(updated, updated.contains("Updated org.dump.module.market 1.0.0 to 1.1.0"));

        // B ships 1.0.0 itself; right after adding A, it installs the 1.1.0 that A runs.
        NodeProcess b = distribution.start("B").get(0);
        steps.shell(b, "dump:peer-add " + a.url());
        String onB = steps.shell(b, "dump:module-install market");
        assertTrue(onB, onB.contains("runs market 1.1.0, newer than the 1.0.0 this node holds: asking the peers"));
        assertTrue(onB, onB.contains("reading the repositories of 1 peer(s)"));
        assertTrue(onB, onB.contains("downloading org.dump.module.market 1.1.0 from " + a.url()));
        assertTrue(onB, onB.contains("verifying org.dump.module.market 1.1.0"));
        assertTrue(onB, onB.contains("Installed and started org.dump.module.market 1.1.0"));
        marketRuns(b, "bea");
        assertTrue(steps.shell(b, "dump:module-list").contains("Peers' repositories read "));

        // C takes nothing from its distribution: without a peer it has no market to offer, with one it has.
        distribution.configure("org.dump.repository", NO_READING_BY_ITSELF, "importShipped = false");
        NodeProcess c = distribution.start("C").get(0);
        String listed = steps.shell(c, "dump:module-list");
        assertTrue(listed, listed.contains("Peers' repositories never read since the node started"));
        Commands.Result alone = distribution.client(c, "dump:module-install market");
        assertTrue(alone.toString(), alone.output().contains("No trusted publisher offers a module 'market' in the "
                + "repositories this node holds or has read from its peers; this node has no peers to ask"));
        steps.shell(c, "dump:peer-add " + a.url());
        String onC = steps.shell(c, "dump:module-install market");
        assertTrue(onC, onC.contains("the repositories this node holds offer no version of market: asking the peers"));
        assertTrue(onC, onC.contains("Installed and started org.dump.module.market 1.1.0"));
        marketRuns(c, "carl");
    }

    @Test
    public void aTamperedShippedMarketIsRefusedAndTheNodeStillStarts() throws Exception {
        tampered = new NodeDistribution("tampered");
        Path jar;
        try (Stream<Path> files = Files.list(tampered.home().resolve("dump-modules"))) {
            jar = files.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 1;
        Files.write(jar, bytes);

        NodeProcess t = tampered.start("T").get(0);

        String refused = new NodeSteps(tampered).awaitLog(t, "Refused part of the modules shipped in this "
                + "distribution", PATIENCE);
        assertTrue(refused, refused.contains("WARN") && refused.contains("org.dump.module.market 1.0.0 is not the "
                + "bundle its publisher's index lists"));
        Commands.Result install = tampered.client(t, "dump:module-install market");
        assertTrue(install.toString(), install.output().contains("No peer could give org.dump.module.market 1.0.0"));
        String listed = new NodeSteps(tampered).shell(t, "dump:module-list");
        assertTrue(listed, listed.contains("No module is installed"));
    }

    /**
     * A market that imports a package of the node (issue 28), published and signed as a real one, is refused by the
     * installer with the package named; installed past the installer, by hand, the node's resolver hook keeps it from
     * resolving.
     */
    @Test
    public void aModuleThatImportsTheNodeIsRefusedNamingThePackage() throws Exception {
        NodeProcess s = distribution.start("S").get(0);
        ModuleReleases releases = new ModuleReleases(Files.createTempDirectory(distribution.work(), "sneaky"));
        Path repository = releases.publishMarket("1.2.0", "1.0.0", "org.dump.node.module;version=\"[1.0,2)\"");
        steps.shell(s, "dump:repository-import " + repository);

        Commands.Result install = distribution.client(s, "dump:module-install market '[1.2,1.3)'");

        assertTrue(install.toString(), install.output().contains("org.dump.module.market 1.2.0 is refused: it names "
                + "the node's own code (Import-Package org.dump.node.module); a module uses the node only through the "
                + "adapter API"));
        assertTrue(steps.shell(s, "dump:module-list").contains("No module is installed"));

        Path jar;
        try (Stream<Path> files = Files.list(repository)) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("1.2.0.jar")).findFirst().orElseThrow();
        }
        Commands.Result byHand = distribution.client(s, "bundle:install -s " + jar.toUri());
        assertTrue(byHand.toString(), byHand.output().contains("org.dump.node.module"));
        String guard = steps.awaitLog(s, "may not wire to package org.dump.node.module", PATIENCE);
        assertTrue(guard, guard.contains("org.dump.module.market") && guard.contains("WARN"));
        String listed = steps.shell(s, "bundle:list -s");
        assertTrue(listed, listed.lines().anyMatch(l -> l.contains("org.dump.module.market") && l.contains("Installed")));
    }

    /** The market answers a user of the node: it runs. */
    private static void marketRuns(NodeProcess node, String user) throws Exception {
        steps.createUser(node, user, user, user + "@example.org");
        steps.awaitStatus(node, "modules/market/listings", user, 200);
        steps.list(node, user, "Socks of " + user, 5);
    }
}
