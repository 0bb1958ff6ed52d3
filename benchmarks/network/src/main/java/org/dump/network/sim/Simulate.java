package org.dump.network.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the scenarios of issue 23 under today's protocol and the new one and writes a Markdown table and one reach
 * plot per scenario. Usage (simulate.sh): {@code [--seed N] [--nodes N] [--out DIR] [--write-every S] [--busy S]
 * [--protocols today,new,gossip]
 * [scenario…]}, scenarios among {@code all half churn partition} (default: all four).
 */
public final class Simulate {

    static final String HEADER = "| scenario | nodes | protocol | records | 50 % s (rounds) | 99 % s (rounds) "
            + "| 100 % s (rounds) | 99 % hops | reached all | copies / node / version | busy B / node / h (anti-entropy) "
            + "| idle B / node / h (anti-entropy) | all in after heal s | payloads elsewhere "
            + "| largest component % median (min) | peers / node (online) | run s |\n"
            + "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
            + "| ---: | ---: |\n";

    private Simulate() {
    }

    public static void main(String[] args) throws IOException {
        long seed = 1;
        int nodes = 1000;
        Path out = Path.of("benchmarks/network/results");
        Double writeEvery = null;
        Double busy = null;
        List<Protocol> protocols = List.of(Protocol.TODAY, Protocol.NEW);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--write-every" -> writeEvery = Double.parseDouble(args[++i]);
                case "--busy" -> busy = Double.parseDouble(args[++i]);
                case "--protocols" -> protocols = java.util.Arrays.stream(args[++i].split(","))
                        .map(Protocol::named).toList();
                default -> names.add(args[i]);
            }
        }
        if (names.isEmpty()) {
            names = List.of("all", "half", "churn", "partition");
        }
        Files.createDirectories(out);
        StringBuilder table = new StringBuilder(HEADER);
        for (String name : names) {
            Scenario scenario = Scenario.named(name, nodes);
            if (writeEvery != null || busy != null) {
                scenario = scenario.withTimes(scenario.warmup(), busy != null ? busy : scenario.busy(),
                        scenario.drain(), scenario.idle(), writeEvery != null ? writeEvery : scenario.writeEverySeconds());
            }
            List<Result> results = new ArrayList<>();
            for (Protocol protocol : protocols) {
                Result result = Result.simulate(scenario, protocol, seed);
                if (System.getenv("SIM_DEBUG") != null) {
                    System.err.println(protocol.name() + " " + Result.lastDebug);
                }
                results.add(result);
                String row = row(result);
                System.out.print(row);
                table.append(row);
                if (result.elsewhere() > 0 || result.violations() > 0) {
                    throw new IllegalStateException(result.elsewhere() + " payloads reached nodes without the "
                            + "module, " + result.violations() + " breaches of conservation");
                }
            }
            String file = "reach-" + name + "-" + nodes + ".svg";
            Files.writeString(out.resolve(file), ReachPlot.svg("Reach of a record, " + name + ", " + nodes
                    + " nodes (seed " + seed + ")", results), StandardCharsets.UTF_8);
        }
        Files.writeString(out.resolve("results-" + nodes + ".md"), table.toString(), StandardCharsets.UTF_8);
    }

    static String row(Result r) {
        Scenario s = r.scenario();
        return String.format(Locale.ROOT, "| %s | %,d | %s | %,d | %s | %s | %s | %s | %.1f %% | %.2f | %,.0f (%,.0f) "
                + "| %,.0f (%,.0f) | %s | %d | %.1f (%.1f) | %.1f (%.1f) | %.0f |%n", s.name(), s.nodes(), r.protocol(),
                r.records(), time(r.reachSeconds()[0]), time(r.reachSeconds()[1]), time(r.reachSeconds()[2]),
                r.hops()[1] < 0 ? "—" : String.format(Locale.ROOT, "%.0f", r.hops()[1]), 100 * r.complete(),
                r.copies(), r.busyBytes(), r.busyCatchUp(), r.idleBytes(), r.idleCatchUp(),
                Double.isNaN(r.healSeconds()) ? "" : r.healSeconds() < 0 ? "never" : String.format(Locale.ROOT, "%.1f",
                        r.healSeconds()), r.elsewhere(), 100 * r.view().medianLargest(),
                100 * r.view().minLargest(), r.view().meanPeers(), r.view().meanOnlinePeers(), r.wallMillis() / 1000.0);
    }

    /** @return seconds and nominal anti-entropy rounds (of 30 s), or a dash */
    private static String time(double seconds) {
        return seconds < 0 ? "—" : String.format(Locale.ROOT, "%.1f (%.1f)", seconds, seconds / 30);
    }
}
