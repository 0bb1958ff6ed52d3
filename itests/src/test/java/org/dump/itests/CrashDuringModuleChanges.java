package org.dump.itests;

import static org.dump.itests.CrashConsistencyIT.a;
import static org.dump.itests.CrashConsistencyIT.b;
import static org.dump.itests.CrashConsistencyIT.crashes;
import static org.dump.itests.CrashConsistencyIT.distribution;
import static org.dump.itests.CrashConsistencyIT.steps;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dump.itests.support.Commands;
import org.dump.itests.support.Crashes;
import org.dump.itests.support.ModuleReleases;
import org.dump.itests.support.NetworkCensus;
import org.dump.itests.support.Sellers;

/**
 * The module part of {@link CrashConsistencyIT}: {@code dump.crash.kills} rounds (at least 2). Each round either
 * uninstalls the market on A and installs it again from the shell, killing A on the way, or publishes a new patch
 * release on B, which A takes by auto-update, killing A on the way. After each restart the market is either not
 * installed or runs in exactly one version, active and answering, never installed but not running; an install the
 * shell acknowledged is there; and A goes on to run the newest release by itself.
 */
final class CrashDuringModuleChanges {

    /** A row of the Installed table of dump:module-list: module, data version, bundle, version, state. */
    private static final Pattern INSTALLED = Pattern.compile(
            "(?m)^\\s*market\\s*\\|[^|\\n]*\\|\\s*org\\.dump\\.module\\.market\\s*\\|\\s*(\\S+)\\s*\\|\\s*(\\S+)");

    void run() throws Exception {
        ModuleReleases releases = new ModuleReleases(Files.createTempDirectory(distribution.work(), "releases"));
        List<String> outcomes = new ArrayList<>();
        String newest = oneVersionOrNone();
        int patch = 0;
        for (int k = 0; k < Math.max(2, CrashConsistencyIT.KILLS); k++) {
            if (k % 2 == 0) {
                outcomes.add("install: " + killDuringInstall());
            } else {
                newest = "1.0." + (++patch + 10);
                Path repository = releases.publishMarket(newest, "1.0.0");
                steps.shell(b, "dump:repository-import " + repository);
                crashes.killWithin(a, 0, 6000);
                crashes.restart(a);
                outcomes.add("update to " + newest + ": " + oneVersionOrNone());
            }
            awaitRunning(newest);
        }
        Crashes.report("module install and auto-update", outcomes.size() + " kills, versions after restart: "
                + outcomes);
    }

    /** Uninstalls the market, runs dump:module-install market and kills A meanwhile; checks what is left. */
    private String killDuringInstall() throws Exception {
        assertTrue(steps.shell(a, "dump:module-uninstall market").contains("Uninstalled"));
        CompletableFuture<Commands.Result> install = CompletableFuture.supplyAsync(() -> {
            try {
                return distribution.client(a, "dump:module-install market");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // bin/client takes about 2 s to start its JVM and sign in; the install itself a few hundred ms.
        crashes.killWithin(a, 1000, 4000);
        boolean acknowledged = install.join().output().contains("Installed and started");
        crashes.restart(a);
        String left = oneVersionOrNone();
        assertTrue("the shell acknowledged the install, yet after the restart A has " + left,
                !acknowledged || !left.equals("none"));
        if (left.equals("none")) {
            steps.installMarket(a, Sellers.seller(a)); // as an administrator would, seeing it missing
        }
        return left + (acknowledged ? " (acknowledged)" : "");
    }

    /** @return the version of the market A runs, or "none"; fails if one is installed but not running */
    private static String oneVersionOrNone() throws Exception {
        String list = steps.shell(a, "dump:module-list");
        String installed = list.split("Available")[0];
        Matcher row = INSTALLED.matcher(installed);
        if (!row.find()) {
            return "none";
        }
        String version = row.group(1);
        assertEquals("the market is installed and running on A: " + list, "ACTIVE", row.group(2));
        assertTrue("one version of the market on A: " + list, !row.find());
        CrashConsistencyIT.awaitListings(a);
        return version;
    }

    /** Waits until A runs {@code version} of the market: an auto-update the kill interrupted is done again. */
    private static void awaitRunning(String version) throws Exception {
        NetworkCensus.await("A runs the market " + version, CrashConsistencyIT.PATIENCE, () -> {
            Matcher row = INSTALLED.matcher(distribution.client(a, "dump:module-list").output().split("Available")[0]);
            return row.find() && row.group(1).equals(version) && row.group(2).equals("ACTIVE");
        }, a::logTail);
    }
}
