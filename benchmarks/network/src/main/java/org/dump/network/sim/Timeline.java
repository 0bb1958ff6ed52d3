package org.dump.network.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.dump.federation.internal.PeerView;

/**
 * What happens when, by itself (§8): nodes join over the first minute with seed peers; each runs anti-entropy every
 * 30 s ±20 % (the first 3 s after it comes online) and peer exchange every 60 s ±20 % (the first after 10 s); origins
 * write during the busy period; under churn nodes come and go; a partition cuts a share of the nodes off for the first
 * half of the busy period.
 */
final class Timeline {

    static final double JOIN_SECONDS = 60;

    private final Network network;
    private final PeerGraph peers;
    private final Scenario scenario;

    Timeline(Network network) {
        this.network = network;
        this.peers = network.peerGraph;
        this.scenario = network.scenario;
    }

    /** Runs the whole scenario. */
    void run() {
        network.clock.runUntil(schedule());
        network.window(Traffic.Window.NONE);
    }

    /** @return when the scenario ends, its beginning scheduled */
    long schedule() {
        long busy = EventQueue.seconds(scenario.warmup());
        long busyEnd = busy + EventQueue.seconds(scenario.busy());
        long idle = busyEnd + EventQueue.seconds(scenario.drain());
        long end = idle + EventQueue.seconds(scenario.idle());
        joins();
        if (scenario.partitionShare() > 0) {
            boolean[] side = new boolean[network.nodes.length];
            for (int i = 0; i < side.length; i++) {
                side[i] = network.world.nextDouble() < scenario.partitionShare();
            }
            network.links.partition(side, busy, healTime(scenario));
        }
        EventQueue clock = network.clock;
        clock.at(busy, () -> {
            network.window(Traffic.Window.BUSY);
            for (SimNode node : network.nodes) {
                if (scenario.sessionSeconds() > 0) {
                    clock.after(exponential(node, scenario.sessionSeconds()), () -> offline(node));
                }
                if (node.runsModule) {
                    clock.after(exponential(node, scenario.writeEverySeconds()), () -> write(node, busyEnd));
                }
            }
        });
        for (long at = busy; at < busyEnd; at += EventQueue.seconds(ViewSamples.EVERY)) {
            clock.at(at, () -> network.view.sample(network));
        }
        clock.at(busyEnd, () -> network.window(Traffic.Window.NONE));
        clock.at(idle, () -> network.window(Traffic.Window.IDLE));
        return end;
    }

    /** @return when a partition ends: half-way through the busy period */
    static long healTime(Scenario scenario) {
        return EventQueue.seconds(scenario.warmup() + scenario.busy() / 2);
    }

    private void joins() {
        List<SimNode> joined = new ArrayList<>();
        List<SimNode> order = new ArrayList<>(List.of(network.nodes));
        long[] at = new long[order.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = EventQueue.seconds(network.world.nextDouble() * JOIN_SECONDS);
        }
        order.sort((a, b) -> Long.compare(at[a.index], at[b.index]));
        for (SimNode node : order) {
            network.clock.at(at[node.index], () -> {
                // Its administrator gives it one node that runs its module and one node of any kind as seeds.
                List<SimNode> seeds = new ArrayList<>();
                List<SimNode> alike = joined.stream().filter(n -> n.runsModule == node.runsModule).toList();
                if (!alike.isEmpty()) {
                    seeds.add(alike.get(network.world.nextInt(alike.size())));
                }
                if (!joined.isEmpty()) {
                    seeds.add(joined.get(network.world.nextInt(joined.size())));
                }
                joined.add(node);
                online(node);
                peers.seed(node, seeds);
            });
        }
    }

    private void online(SimNode node) {
        node.online = true;
        node.view = new PeerView(); // what a node noted of its peers' silence is kept in memory only
        int session = ++node.session;
        network.clock.after(EventQueue.seconds(3), () -> antiEntropy(node, session));
        network.clock.after(EventQueue.seconds(10), () -> exchange(node, session));
        if (scenario.sessionSeconds() > 0 && network.now() >= EventQueue.seconds(scenario.warmup())) {
            network.clock.after(exponential(node, scenario.sessionSeconds()), () -> offline(node));
        }
    }

    private void offline(SimNode node) {
        node.online = false;
        node.session++;
        network.clock.after(exponential(node, scenario.offlineSeconds()), () -> online(node));
    }

    private void antiEntropy(SimNode node, int session) {
        if (node.session != session) {
            return;
        }
        network.antiEntropyRound(node);
        network.clock.after(jitter(30, network.chance), () -> antiEntropy(node, session));
    }

    private void exchange(SimNode node, int session) {
        if (node.session != session) {
            return;
        }
        peers.round(node);
        network.clock.after(jitter(60, network.world), () -> exchange(node, session));
    }

    private void write(SimNode node, long busyEnd) {
        if (network.now() >= busyEnd) {
            return;
        }
        if (node.online) {
            network.write(node);
        }
        network.clock.after(exponential(node, scenario.writeEverySeconds()), () -> write(node, busyEnd));
    }

    /** @return {@code seconds} ±20 % at random, in microseconds */
    private static long jitter(double seconds, SplittableRandom random) {
        return EventQueue.seconds(seconds * (0.8 + 0.4 * random.nextDouble()));
    }

    private static long exponential(SimNode node, double mean) {
        return EventQueue.seconds(-mean * Math.log(1 - node.life.nextDouble()));
    }
}
