package org.dump.network.sim;

/**
 * The figures of one scenario under one protocol.
 *
 * @param reachSeconds   median over records of the seconds until 50 %, 99 % and 100 % of the audience held them (-1:
 *                       more than half of the records never got there)
 * @param hops           median over records of the least number of hops h such that 50 %, 99 % and 100 % of the
 *                       audience got its first copy within h hops of the origin (-1: more than half never got there)
 * @param complete       the share of records that reached their whole audience by the end
 * @param held           the shares of the module's nodes, and of each audience, holding a record at the end of the
 *                       drain
 * @param copies         payload copies received per module node per version written
 * @param busyBytes      bytes sent per module node per hour while origins write
 * @param busyByKind     of which, per {@link Traffic.Kind}
 * @param idleBytes      bytes sent per module node per hour with nothing written
 * @param idleByKind     of which, per {@link Traffic.Kind}
 * @param healSeconds    with a partition: seconds from its end until every record written before had reached
 *                       every node it should (-1: not by the end; NaN: no partition)
 * @param elsewhere      payloads that reached nodes not running the module (must be 0)
 * @param trace          a hash over every message: equal for equal seeds
 * @param curve          per tenth of a second of age, the mean share of the audience holding a record
 * @param view           the peer graph's cohesion during the busy period (issue 24)
 */
record Result(Scenario scenario, String protocol, long seed, int moduleNodes, int records, int versions,
        double[] reachSeconds, double[] hops, double complete, Reach.Held held, double copies, double busyBytes,
        double[] busyByKind, double idleBytes, double[] idleByKind, double healSeconds, long elsewhere,
        int violations, long catchUps, long events, long trace, long wallMillis, double[] curve, ViewSamples view) {

    static Result of(Network network, long seed, long wallMillis) {
        Scenario s = network.scenario;
        int moduleNodes = network.origins.length;
        double[] reach = new double[Reach.SHARES.length];
        double[] hops = new double[Reach.SHARES.length];
        for (int i = 0; i < reach.length; i++) {
            hops[i] = network.reach.medianHops(i);
            long micros = network.reach.medianTime(i);
            reach[i] = micros < 0 ? -1 : micros / 1e6;
        }
        Traffic t = network.traffic;
        double perBusy = moduleNodes * s.busy() / 3600.0;
        double perIdle = moduleNodes * s.idle() / 3600.0;
        int versions = network.versions.size();
        return new Result(s, network.protocol.name(), seed, moduleNodes, network.reach.tracked(), versions, reach, hops,
                network.reach.complete(), network.reach.drained(),
                versions == 0 ? 0 : (double) t.payloadCopies / moduleNodes / versions,
                t.bytes(Traffic.Window.BUSY) / perBusy, byKind(t, Traffic.Window.BUSY, perBusy),
                t.bytes(Traffic.Window.IDLE) / perIdle, byKind(t, Traffic.Window.IDLE, perIdle),
                s.partitionShare() > 0 ? network.reach.settledAfter(Timeline.healTime(s)) / 1e6 : Double.NaN,
                t.payloadCopiesElsewhere, (int) network.violationCount, network.catchUps, network.clock.ran(), t.trace(),
                wallMillis, network.reach.curve(), network.view);
    }

    private static double[] byKind(Traffic traffic, Traffic.Window window, double per) {
        double[] bytes = new double[Traffic.Kind.values().length];
        for (Traffic.Kind kind : Traffic.Kind.values()) {
            bytes[kind.ordinal()] = traffic.bytes(window, kind) / per;
        }
        return bytes;
    }

    /** @return busy bytes per module node per hour of {@code kind} */
    double busy(Traffic.Kind kind) {
        return busyByKind[kind.ordinal()];
    }

    /** @return idle bytes per module node per hour of {@code kind} */
    double idle(Traffic.Kind kind) {
        return idleByKind[kind.ordinal()];
    }

    /** Runs {@code scenario} under {@code protocol}. */
    static Result simulate(Scenario scenario, Protocol protocol, long seed) {
        long start = System.nanoTime();
        Network network = new Network(scenario, protocol, seed);
        new Timeline(network).run();
        return of(network, seed, (System.nanoTime() - start) / 1_000_000);
    }
}
