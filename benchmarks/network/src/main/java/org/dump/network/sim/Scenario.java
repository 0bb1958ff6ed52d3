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
 * @param sessionSeconds the mean online session under churn (exponential); 0: no churn
 * @param partitionShare the share of nodes cut off from the others during the first half of the busy period; 0: none
 * @param writeEverySeconds the mean time between two writes of one origin during the busy period (exponential)
 * @param deleteShare    the share of writes that delete one of the origin's live records
 * @param recordBytes    a record as it travels (JSON of the fields, payload and signature)
 * @param history        versions every origin wrote before the start, seen by every node (one run per origin)
 * @param offlineSeconds the mean offline period under churn (exponential): a node is offline
 *                       {@code offline / (session + offline)} of the time
 */
record Scenario(String name, int nodes, double moduleShare, double sessionSeconds, double partitionShare,
        double warmup, double busy, double drain, double idle, double writeEverySeconds, double deleteShare,
        int recordBytes, int history, int minLatencyMs, int maxLatencyMs, double maxLoss, long bandwidth,
        double offlineSeconds) {

    /** The same, offline periods as long as sessions on average (issue 23's churn). */
    Scenario(String name, int nodes, double moduleShare, double sessionSeconds, double partitionShare, double warmup,
            double busy, double drain, double idle, double writeEverySeconds, double deleteShare, int recordBytes,
            int history, int minLatencyMs, int maxLatencyMs, double maxLoss, long bandwidth) {
        this(name, nodes, moduleShare, sessionSeconds, partitionShare, warmup, busy, drain, idle, writeEverySeconds,
                deleteShare, recordBytes, history, minLatencyMs, maxLatencyMs, maxLoss, bandwidth, sessionSeconds);
    }

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
            case "churn" -> base.withSession(30, 30);
            // 30 % offline at any moment (issue 24): sessions of 70 s, offline periods of 30 s on average.
            case "offline30" -> base.withSession(70, 30);
            case "partition" -> base.withPartition(1.0 / 3);
            default -> throw new IllegalArgumentException("no scenario " + name
                    + " (all, half, churn, offline30, partition)");
        };
    }

    Scenario withModuleShare(double share) {
        return new Scenario(name, nodes, share, sessionSeconds, partitionShare, warmup, busy, drain, idle,
                writeEverySeconds, deleteShare, recordBytes, history, minLatencyMs, maxLatencyMs, maxLoss, bandwidth,
                offlineSeconds);
    }

    /** Churn: online sessions and offline periods of these means (exponential). */
    Scenario withSession(double online, double offline) {
        return new Scenario(name, nodes, moduleShare, online, partitionShare, warmup, busy, drain, idle,
                writeEverySeconds, deleteShare, recordBytes, history, minLatencyMs, maxLatencyMs, maxLoss, bandwidth,
                offline);
    }

    /** @return the share of the time a node is offline under churn (0 without) */
    double offlineShare() {
        return sessionSeconds <= 0 ? 0 : offlineSeconds / (sessionSeconds + offlineSeconds);
    }

    Scenario withPartition(double share) {
        return new Scenario(name, nodes, moduleShare, sessionSeconds, share, warmup, busy, drain, idle,
                writeEverySeconds, deleteShare, recordBytes, history, minLatencyMs, maxLatencyMs, maxLoss, bandwidth,
                offlineSeconds);
    }

    /** The same with another timeline and write rate (shorter runs for tests and large networks). */
    Scenario withTimes(double warmup, double busy, double drain, double idle, double writeEverySeconds) {
        return new Scenario(name, nodes, moduleShare, sessionSeconds, partitionShare, warmup, busy, drain, idle,
                writeEverySeconds, deleteShare, recordBytes, history, minLatencyMs, maxLatencyMs, maxLoss, bandwidth,
                offlineSeconds);
    }

    double end() {
        return warmup + busy + drain + idle;
    }
}
