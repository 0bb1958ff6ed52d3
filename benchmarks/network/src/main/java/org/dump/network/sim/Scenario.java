package org.dump.network.sim;

import java.util.List;

/**
 * One simulated situation. The timeline: nodes join over the first minute and form their peer graph by peer
 * exchange ({@code warmup}); then every origin that runs the module writes for {@code busy} seconds; then nothing is
 * written for {@code drain} seconds (records finish spreading) and {@code idle} more (the idle traffic is measured).
 *
 * @param name           what the reports call it
 * @param nodes          nodes in the network
 * @param moduleShare    the share of nodes that run the module (the others run another module, and write nothing)
 * @param sessionSeconds the mean online session under churn (exponential; offline times the same mean); 0: no churn
 * @param partitionShare the share of nodes cut off from the others during the first half of the busy period; 0: none
 * @param writeEverySeconds the mean time between two writes of one origin during the busy period (exponential)
 * @param deleteShare    the share of writes that delete one of the origin's live records
 * @param recordBytes    a record as it travels (JSON of the fields, payload and signature)
 * @param history        versions every origin wrote before the start, seen by every node (one run per origin)
 */
record Scenario(String name, int nodes, double moduleShare, double sessionSeconds, double partitionShare,
        double warmup, double busy, double drain, double idle, double writeEverySeconds, double deleteShare,
        int recordBytes, int history, int minLatencyMs, int maxLatencyMs, double maxLoss, long bandwidth) {

    /** The four scenarios of issue 23 at {@code nodes} nodes. */
    static List<Scenario> all(int nodes) {
        return List.of(named("all", nodes), named("half", nodes), named("churn", nodes), named("partition", nodes));
    }

    static Scenario named(String name, int nodes) {
        Scenario base = new Scenario(name, nodes, 1.0, 0, 0, 300, 600, 300, 600, 300, 0.1, 1000, 100, 20, 200,
                0.01, 1_250_000);
        return switch (name) {
            case "all" -> base;
            case "half" -> base.withModuleShare(0.5);
            case "churn" -> base.withSession(30);
            case "partition" -> base.withPartition(1.0 / 3);
            default -> throw new IllegalArgumentException("no scenario " + name + " (all, half, churn, partition)");
        };
    }

    Scenario withModuleShare(double share) {
        return new Scenario(name, nodes, share, sessionSeconds, partitionShare, warmup, busy, drain, idle,
                writeEverySeconds, deleteShare, recordBytes, history, minLatencyMs, maxLatencyMs, maxLoss, bandwidth);
    }

    Scenario withSession(double seconds) {
        return new Scenario(name, nodes, moduleShare, seconds, partitionShare, warmup, busy, drain, idle,
                writeEverySeconds, deleteShare, recordBytes, history, minLatencyMs, maxLatencyMs, maxLoss, bandwidth);
    }

    Scenario withPartition(double share) {
        return new Scenario(name, nodes, moduleShare, sessionSeconds, share, warmup, busy, drain, idle,
                writeEverySeconds, deleteShare, recordBytes, history, minLatencyMs, maxLatencyMs, maxLoss, bandwidth);
    }

    /** The same with another timeline and write rate (shorter runs for tests and large networks). */
    Scenario withTimes(double warmup, double busy, double drain, double idle, double writeEverySeconds) {
        return new Scenario(name, nodes, moduleShare, sessionSeconds, partitionShare, warmup, busy, drain, idle,
                writeEverySeconds, deleteShare, recordBytes, history, minLatencyMs, maxLatencyMs, maxLoss, bandwidth);
    }

    double end() {
        return warmup + busy + drain + idle;
    }
}
