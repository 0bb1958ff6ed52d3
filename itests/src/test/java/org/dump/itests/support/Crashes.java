package org.dump.itests.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kills a node with SIGKILL at a random moment and starts it again on the same directory, then checks what must
 * hold after any crash: the node answers, and {@code dump:record-verify market} verifies every record it holds.
 * Counts the kills for the report of {@code CrashConsistencyIT}.
 */
public final class Crashes {

    private static final Pattern VERIFIED = Pattern.compile("All (\\d+) records of module market verified");
    private static final Pattern LACKS = Pattern.compile("Reconciled market with peer .* this node lacks (\\d+) version");
    private static final Duration PATIENCE = NodeProcess.STARTUP;

    private final NodeDistribution distribution;
    private int kills;

    public Crashes(NodeDistribution distribution) {
        this.distribution = distribution;
    }

    /** Sleeps a random time in [{@code fromMillis}, {@code toMillis}), then kills {@code node}'s JVM at once. */
    public void killWithin(NodeProcess node, long fromMillis, long toMillis) throws Exception {
        Thread.sleep(ThreadLocalRandom.current().nextLong(fromMillis, toMillis));
        kill(node);
    }

    /** Kills {@code node}'s JVM at once (SIGKILL), as a power cut or the kernel's OOM killer would. */
    public void kill(NodeProcess node) throws Exception {
        ProcessHandle.of(node.pid()).ifPresent(Commands::kill);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!node.processes().isEmpty()) {
            assertTrue(node.name() + " still runs after SIGKILL", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        kills++;
    }

    /**
     * Starts the killed node again as its administrator would ({@code bin/dump-node start}), waits until it answers,
     * and checks its records.
     */
    public void restart(NodeProcess node) throws Exception {
        Commands.Result started = distribution.dumpNode("start", node);
        assertEquals(started.toString(), 0, started.exitCode());
        try {
            node.awaitUp(PATIENCE);
        } catch (AssertionError notUp) {
            hold(node, notUp.getMessage());
            // Its threads say what it waited for; the web bundle's components, which part was missing. (No http:list:
            // the node has no Karaf http commands.)
            throw new AssertionError(node.name() + " after kill " + kills + ": " + notUp.getMessage() + "\n"
                    + shellOrWhy(node, "scr:list | grep -i web") + "\n"
                    + node.threadDump(), notUp);
        }
        verifiedRecords(node);
    }

    /**
     * With {@code -Ddump.crash.hold=true}, keeps the nodes of a failing test running for 20 minutes, so that what
     * went wrong can be looked at on the live node (how the 404 of issue 27 was found).
     *
     * @return {@code why}
     */
    public static String hold(NodeProcess node, String why) {
        if (Boolean.getBoolean("dump.crash.hold")) {
            System.out.println("crash: holding " + node.name() + " at " + node.url() + ", ssh " + node.ssh()
                    + ", for 20 minutes: " + why);
            try {
                Thread.sleep(1_200_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return why;
    }

    private String shellOrWhy(NodeProcess node, String command) {
        try {
            return command + ":\n" + distribution.client(node, command).output();
        } catch (Exception | AssertionError e) {
            return command + " failed: " + e;
        }
    }

    /** @return the market's records on {@code node}, after {@code dump:record-verify market} found each valid */
    public long verifiedRecords(NodeProcess node) throws Exception {
        Commands.Result verified = distribution.client(node, "dump:record-verify market");
        Matcher all = VERIFIED.matcher(verified.output());
        assertTrue(node.name() + " after kill " + kills + ": " + verified, verified.exitCode() == 0 && all.find());
        return Long.parseLong(all.group(1));
    }

    /**
     * @return what {@code node} lacked at each reconciliation of the market so far, in order, from its log
     *         ("Reconciled market with peer … this node lacks N version(s)")
     */
    public List<Long> reconciliations(NodeProcess node) throws IOException {
        List<Long> lacking = new ArrayList<>();
        for (String line : Files.readAllLines(node.dir().resolve("data/log/karaf.log"))) {
            Matcher lacks = LACKS.matcher(line);
            if (lacks.find()) {
                lacking.add(Long.parseLong(lacks.group(1)));
            }
        }
        return lacking;
    }

    /** Prints one line of figures, which {@code benchmarks/faults/crash.sh} keeps. */
    public static void report(String scenario, String figures) {
        System.out.println("crash: " + scenario + ": " + figures);
    }
}
