package org.dump.itests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.dump.itests.support.Api;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeNetwork;
import org.dump.itests.support.NodeNetwork.Host;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.dump.itests.support.RelayFigures;

/**
 * The relay benchmark's part of RelayIT ({@code -Ddump.relay.measure=true}, run by benchmarks/federation/relay.sh),
 * while A and B are relayed through R: how long listings take from A to B through the relay against two nodes C and
 * D that reach each other directly; R's CPU and bytes while A writes {@code dump.relay.rate} listings a second
 * (default 100) for {@code dump.relay.loadSeconds} (default 60), against R2's, a peer of the same market that relays
 * nobody then; and R's live heap before and after A and B attached. The failover time is RelayIT's own.
 */
final class RelayMeasurement {

    private static final int SAMPLES = Integer.getInteger("dump.relay.samples", 50);
    private static final int RATE = Integer.getInteger("dump.relay.rate", 100);
    private static final Duration LOAD = Duration.ofSeconds(Integer.getInteger("dump.relay.loadSeconds", 60));
    private static final int CLIENTS = 2;

    private final RelayIT test;
    private final NodeDistribution distribution;
    private final NodeNetwork network;
    private final NodeSteps steps;

    RelayMeasurement(RelayIT test, NodeDistribution distribution, NodeNetwork network, NodeSteps steps) {
        this.test = test;
        this.distribution = distribution;
        this.network = network;
        this.steps = steps;
    }

    static boolean enabled() {
        return Boolean.getBoolean("dump.relay.measure");
    }

    /** @return the node's live heap now: in all, and in classes named *relay* */
    long[] heap(NodeProcess node) throws Exception {
        return RelayFigures.liveHeap(node);
    }

    void heapPerClient(long[] alone, long[] relaying) {
        test.report("R's live heap per relayed client", String.format("%.1f KiB in all (%d KiB alone, %d KiB with "
                + "A and B; the difference also holds two more peers), %.1f KiB in classes named *relay*",
                (relaying[0] - alone[0]) / 1024.0 / CLIENTS, alone[0] / 1024, relaying[0] / 1024,
                (relaying[1] - alone[1]) / 1024.0 / CLIENTS), true);
    }

    void run(NodeProcess a, NodeProcess b, NodeProcess r, NodeProcess r2) throws Exception {
        Api.Session adam = a.api().signIn("adam", "adam-password");
        Api.Session stephanie = b.api().signIn("stephanie", "stephanie-password");
        List<Long> relayed = new ArrayList<>();
        for (int i = 1; i <= SAMPLES; i++) {
            relayed.add(RelayFigures.propagation(a, adam, b, stephanie, "relayed sample " + i, RelayIT.PATIENCE));
        }
        test.report("propagation A to B through relay R", RelayFigures.percentiles(relayed), true);
        direct();
        load(a, adam, r, r2);
    }

    /** Two more nodes, C and D, peers that dial each other: the same listings, with no relay between them. */
    private void direct() throws Exception {
        List<NodeProcess> pair = new ArrayList<>();
        for (String name : List.of("C", "D")) {
            Host host = network.host(name.toLowerCase());
            pair.add(distribution.startAt(name, host.address(), host.launcher()));
        }
        NodeProcess c = pair.get(0);
        NodeProcess d = pair.get(1);
        c.awaitUp(RelayIT.BOOT);
        d.awaitUp(RelayIT.BOOT);
        steps.createUser(c, "carl", "Carl Linnaeus", "carl@example.org");
        steps.createUser(d, "dora", "Dora Maar", "dora@example.org");
        steps.installMarket(c, "carl");
        steps.installMarket(d, "dora");
        steps.makePeers(d, c);
        Api.Session carl = c.api().signIn("carl", "carl-password");
        Api.Session dora = d.api().signIn("dora", "dora-password");
        RelayFigures.propagation(c, carl, d, dora, "direct warm-up", RelayIT.PATIENCE);
        List<Long> direct = new ArrayList<>();
        for (int i = 1; i <= SAMPLES; i++) {
            direct.add(RelayFigures.propagation(c, carl, d, dora, "direct sample " + i, RelayIT.PATIENCE));
        }
        test.report("propagation C to D direct (peers that dial each other)", RelayFigures.percentiles(direct), true);
        distribution.stop(c); // out of the way of the load
        distribution.stop(d);
    }

    /** A writes at {@link #RATE} a second; R's CPU and bytes meanwhile, and R2's. */
    private void load(NodeProcess a, Api.Session adam, NodeProcess r, NodeProcess r2) throws Exception {
        long[] bytesR = RelayFigures.networkBytes(r);
        long[] bytesR2 = RelayFigures.networkBytes(r2);
        long cpuR = RelayFigures.cpuMillis(r);
        long cpuR2 = RelayFigures.cpuMillis(r2);
        long began = System.nanoTime();
        int written = RelayFigures.writeSteadily(a, adam, RATE, LOAD);
        double seconds = (System.nanoTime() - began) / 1e9;
        long[] bytesRAfter = RelayFigures.networkBytes(r);
        long[] bytesR2After = RelayFigures.networkBytes(r2);
        double percentR = (RelayFigures.cpuMillis(r) - cpuR) / 10.0 / seconds;
        double percentR2 = (RelayFigures.cpuMillis(r2) - cpuR2) / 10.0 / seconds;
        long inR = bytesRAfter[0] - bytesR[0];
        long outR = bytesRAfter[1] - bytesR[1];
        long inR2 = bytesR2After[0] - bytesR2[0];
        long outR2 = bytesR2After[1] - bytesR2[1];
        test.report("load", String.format("A wrote %d listings in %.0f s (%.0f/s asked: %d)", written, seconds,
                written / seconds, RATE), true);
        test.report("R's CPU under load (one core = 100 %)", String.format("%.1f %% (R2, relaying nobody: %.1f %%)",
                percentR, percentR2), true);
        test.report("R's eth0 bytes under load", String.format("%.1f MB in, %.1f MB out (R2: %.1f MB in, %.1f MB out)",
                inR / 1e6, outR / 1e6, inR2 / 1e6, outR2 / 1e6), true);
        test.report("bytes per relayed client per second", String.format("%.0f B/s (R's in+out less R2's, over %d "
                + "clients)", ((inR + outR) - (inR2 + outR2)) / seconds / CLIENTS, CLIENTS), true);
    }
}
