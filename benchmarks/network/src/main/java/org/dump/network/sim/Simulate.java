package org.dump.network.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the scenarios under the protocols asked for and writes two Markdown tables (reach and totals; bytes by kind)
 * and one reach plot per scenario. Usage (simulate.sh): {@code [--seed N] [--nodes N] [--out DIR] [--write-every S]
 * [--busy S] [--protocols today,new,gossip] [scenario…]}, scenarios among {@code all half churn offline30 partition}
 * (default: all five), protocols by default today and new.
 */
public final class Simulate {

    static final String HEADER = "| scenario | nodes | protocol | records | 50 % s (rounds) | 99 % s (rounds) "
            + "| 100 % s (rounds) | 99 % hops | 100 % hops | reached all | held after 10 s / 60 s "
            + "| held at drain end: all / online at write "
            + "| copies / node / version | busy B / node / h | idle B / node / h | all in after heal s "
            + "| payloads elsewhere | largest component % median (min) | peers / node (online) | run s |\n"
            + "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
            + "| ---: | ---: | ---: | ---: | ---: |\n";
    static final String KIND_HEADER = "| scenario | nodes | protocol | window | push | announce | graft "
            + "| anti-entropy | peer exchange | total |\n"
            + "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    /** The kinds in the order of {@link #KIND_HEADER}. */
    private static final Traffic.Kind[] KINDS = {Traffic.Kind.PUSH, Traffic.Kind.ANNOUNCE, Traffic.Kind.GRAFT,
        Traffic.Kind.CATCH_UP, Traffic.Kind.PEER_EXCHANGE};

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
                case "--protocols" -> protocols = Arrays.stream(args[++i].split(",")).map(Protocol::named).toList();
                default -> names.add(args[i]);
            }
        }
        if (names.isEmpty()) {
            names = List.of("all", "half", "churn", "offline30", "partition");
        }
        Files.createDirectories(out);
        StringBuilder table = new StringBuilder(HEADER);
        StringBuilder kinds = new StringBuilder(KIND_HEADER);
        for (String name : names) {
            Scenario scenario = Scenario.named(name, nodes);
            if (writeEvery != null || busy != null) {
                scenario = scenario.withTimes(scenario.warmup(), busy != null ? busy : scenario.busy(),
                        scenario.drain(), scenario.idle(), writeEvery != null ? writeEvery : scenario.writeEverySeconds());
            }
            List<Result> results = new ArrayList<>();
            for (Protocol protocol : protocols) {
                Result result = Result.simulate(scenario, protocol, seed);
                results.add(result);
                String row = row(result);
                System.out.print(row);
                table.append(row);
                kinds.append(kindRow(result, "busy")).append(kindRow(result, "idle"));
                if (result.elsewhere() > 0 || result.violations() > 0) {
                    throw new IllegalStateException(result.elsewhere() + " payloads reached nodes without the "
                            + "module, " + result.violations() + " breaches of conservation");
                }
            }
            String file = "reach-" + name + "-" + nodes + ".svg";
            Files.writeString(out.resolve(file), ReachPlot.svg("Reach of a record, " + name + ", " + nodes
                    + " nodes (seed " + seed + ")", results), StandardCharsets.UTF_8);
        }
        System.out.print("\nBytes sent per module node per hour, by kind:\n\n" + kinds);
        Files.writeString(out.resolve("results-" + nodes + ".md"), table + "\nBytes sent per module node per hour, "
                + "by kind:\n\n" + kinds, StandardCharsets.UTF_8);
    }

    static String row(Result r) {
        Scenario s = r.scenario();
        return String.format(Locale.ROOT, "| %s | %,d | %s | %,d | %s | %s | %s | %s | %s | %.1f %% | %s | %s | %.2f "
                + "| %,.0f | %,.0f | %s | %d | %.1f (%.1f) | %.1f (%.1f) | %.0f |%n", s.name(), s.nodes(), r.protocol(),
                r.records(), time(r.reachSeconds()[0]), time(r.reachSeconds()[1]), time(r.reachSeconds()[2]),
                hops(r.hops()[1]), hops(r.hops()[2]), 100 * r.complete(), heldAfter(r.curve()), held(r.held()),
                r.copies(), r.busyBytes(), r.idleBytes(),
                Double.isNaN(r.healSeconds()) ? "" : r.healSeconds() < 0 ? "never" : String.format(Locale.ROOT, "%.1f",
                        r.healSeconds()), r.elsewhere(), 100 * r.view().medianLargest(), 100 * r.view().minLargest(),
                r.view().meanPeers(), r.view().meanOnlinePeers(), r.wallMillis() / 1000.0);
    }

    /** @return the bytes per module node per hour of one window ({@code busy} or {@code idle}), by kind */
    static String kindRow(Result r, String window) {
        boolean busy = window.equals("busy");
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %,d | %s | %s |", r.scenario().name(),
                r.scenario().nodes(), r.protocol(), window));
        for (Traffic.Kind kind : KINDS) {
            row.append(String.format(Locale.ROOT, " %,.0f |", busy ? r.busy(kind) : r.idle(kind)));
        }
        return row.append(String.format(Locale.ROOT, " %,.0f |%n", busy ? r.busyBytes() : r.idleBytes())).toString();
    }

    /** @return seconds and nominal anti-entropy rounds (of 30 s), or a dash */
    private static String time(double seconds) {
        return seconds < 0 ? "—" : String.format(Locale.ROOT, "%.1f (%.1f)", seconds, seconds / 30);
    }

    private static String hops(double hops) {
        return hops < 0 ? "—" : String.format(Locale.ROOT, "%.0f", hops);
    }

    /** @return the mean share of the audience holding a record 10 s and 60 s after it was written */
    private static String heldAfter(double[] curve) {
        int ten = Math.min(curve.length - 1, 10 * Reach.TICKS_PER_SECOND);
        int sixty = Math.min(curve.length - 1, 60 * Reach.TICKS_PER_SECOND);
        return String.format(Locale.ROOT, "%.1f %% / %.1f %%", 100 * curve[ten], 100 * curve[sixty]);
    }

    /** @return the mean shares held at the end of the drain, with the lowest of a record in brackets */
    private static String held(Reach.Held held) {
        return held.ofAll() < 0 ? "—" : String.format(Locale.ROOT, "%.1f %% (%.1f) / %.1f %% (%.1f)",
                100 * held.ofAll(), 100 * held.lowestOfAll(), 100 * held.ofAudience(), 100 * held.lowestOfAudience());
    }
}
