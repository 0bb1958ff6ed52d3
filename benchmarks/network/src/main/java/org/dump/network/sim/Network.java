package org.dump.network.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated network: nodes, the links between them, simulated time, and what a node does when a record reaches
 * it (§5.4: store it if newer, note its number as seen, pass it on by the {@link Protocol}'s {@link Dissemination}).
 * The timeline, churn and writes are set up by {@link Timeline}; peer exchange is {@link PeerGraph}; anti-entropy the
 * {@link Protocol}'s.
 */
final class Network {

    /** A push: one record in the body of §7.1, with its envelope and origin key. */
    static final int PUSH_ENVELOPE = 80;
    /** How long nothing is pushed to a peer that did not answer (RecordPush.ABSENT_PAUSE). */
    static final long ABSENT_PAUSE = EventQueue.seconds(30);

    final Scenario scenario;
    final Protocol protocol;
    /**
     * The one seed, split into streams: the world's (ids, joins, seeds, partition, peer exchange), chance's (losses,
     * anti-entropy's timing and partners) and one per node for its writes and sessions, so that both protocols meet the
     * same writes, churn and peer graph.
     */
    final SplittableRandom world;
    final SplittableRandom chance;
    final EventQueue clock = new EventQueue();
    final Links links;
    final Versions versions;
    final Traffic traffic = new Traffic();
    final Reach reach;
    /** The peer graph's cohesion, sampled during the busy period (issue 24). */
    final ViewSamples view = new ViewSamples();
    /** Peer exchange and each node's peer view; anti-entropy's contacts are noted in the views too. */
    final PeerGraph peerGraph = new PeerGraph(this);
    final SimNode[] nodes;
    /** The module's origins by id order: index → node. */
    final SimNode[] origins;
    final String[] originIds;
    private final Map<String, Integer> originIndex = new HashMap<>();
    final SharedRuns runs = new SharedRuns();
    final Dissemination dissemination;
    /** Breaches of conservation: a record no origin wrote, or a deleted one that came back. */
    final List<String> violations = new ArrayList<>();
    long violationCount;
    long catchUps;
    private Traffic.Window window = Traffic.Window.NONE;

    Network(Scenario scenario, Protocol protocol, long seed) {
        this.scenario = scenario;
        this.protocol = protocol;
        SplittableRandom root = new SplittableRandom(seed);
        this.world = root.split();
        this.chance = root.split();
        this.links = new Links(seed, scenario);
        String[] ids = NodeIds.draw(scenario.nodes(), world);
        boolean[] runs = new boolean[ids.length];
        int moduleNodes = (int) Math.round(ids.length * scenario.moduleShare());
        for (int i = 0; i < moduleNodes; i++) {
            runs[i] = true; // ids are random: the first ones are as good as any
        }
        originIds = Arrays.stream(ids, 0, moduleNodes).sorted().toArray(String[]::new);
        for (int o = 0; o < originIds.length; o++) {
            originIndex.put(originIds[o], o);
        }
        nodes = new SimNode[ids.length];
        origins = new SimNode[originIds.length];
        for (int i = 0; i < ids.length; i++) {
            int o = runs[i] ? originIndex.get(ids[i]) : -1;
            nodes[i] = new SimNode(i, ids[i], runs[i], o, originIds, scenario.history(), root.split());
            if (o >= 0) {
                origins[o] = nodes[i];
            }
        }
        this.versions = new Versions(originIds.length, scenario.history());
        this.reach = new Reach(scenario);
        this.dissemination = Dissemination.of(this);
    }

    long now() {
        return clock.now();
    }

    int originOf(String id) {
        return originIndex.get(id);
    }

    /** @return the node of the module's origin {@code id} */
    SimNode moduleNode(String id) {
        return origins[originOf(id)];
    }

    /** The timeline enters {@code window}; the idle one begins as the drain ends, when reach is taken stock of. */
    void window(Traffic.Window window) {
        if (window == Traffic.Window.IDLE) {
            reach.drained(origins.length);
        }
        this.window = window;
    }

    Traffic.Window windowNow() {
        return window;
    }

    /** @return whether {@code a} can reach {@code b} now: both online, no partition between them */
    boolean canTalk(SimNode a, SimNode b) {
        return a.online && b.online && links.reachable(a.index, b.index, now());
    }

    /** @return whether a message between the two is lost, {@code messages} times over (one loss loses all) */
    boolean lost(SimNode a, SimNode b, int messages) {
        return lost(a, b, messages, chance);
    }

    boolean lost(SimNode a, SimNode b, int messages, SplittableRandom random) {
        double kept = Math.pow(1 - links.loss(a.index, b.index), messages);
        if (random.nextDouble() >= kept) {
            traffic.lost++;
            return true;
        }
        return false;
    }

    /**
     * Sends {@code size} bytes from {@code from} to {@code to}, behind what {@code from} is uploading already; the
     * arrival runs on {@code to} unless it went offline meanwhile.
     *
     * @return whether the message left (the receiver was reachable and it was not lost)
     */
    boolean send(SimNode from, SimNode to, long size, Traffic.Kind kind, Runnable onArrival) {
        if (!canTalk(from, to)) {
            return false;
        }
        traffic.sent(from, to.index, size, kind, window, now());
        if (lost(from, to, 1)) {
            return false;
        }
        long departs = Math.max(now(), from.uplinkFreeAt) + size * 1_000_000 / links.bandwidth;
        from.uplinkFreeAt = departs;
        int session = to.session;
        clock.at(departs + links.latency(from.index, to.index), () -> {
            if (to.online && to.session == session) {
                onArrival.run();
            }
        });
        return true;
    }

    /** The origin {@code node} writes a new record, or deletes one of its live records. */
    void write(SimNode node) {
        int version;
        if (!node.ownLive.isEmpty() && node.life.nextDouble() < scenario.deleteShare()) {
            int record = node.ownLive.remove(node.life.nextInt(node.ownLive.size()));
            version = versions.write(node.originIndex, record, true, now());
        } else {
            int record = versions.newRecord();
            node.ownLive.add(record);
            version = versions.write(node.originIndex, record, false, now());
            reach.created(record, now(), nodes, scenario.sessionSeconds() > 0);
        }
        take(node, version, null, 0, false);
    }

    /** {@code node} takes in {@code version}, fetched by anti-entropy from {@code from}. */
    boolean take(SimNode node, int version, SimNode from) {
        return take(node, version, from, from.hops(versions.record(version)) + 1, false);
    }

    /**
     * {@code node} takes in {@code version}, pushed or fetched from {@code from} (null: it wrote it): §5.4 step 5, then
     * the number is seen; a version it stored is pushed on.
     *
     * @param hops   the hops it travelled from its origin
     * @param pushed whether it came by a push or a graft (which tell the gossip tree about their link), not anti-entropy
     * @return whether it stored the version
     */
    boolean take(SimNode node, int version, SimNode from, int hops, boolean pushed) {
        if (!node.runsModule) {
            traffic.payloadCopiesElsewhere++; // "notRunHere": never stored, never passed on
            return false;
        }
        if (from != null) {
            traffic.payloadCopies++;
        }
        int origin = versions.origin(version);
        int seq = versions.sequence(version);
        int record = versions.record(version);
        if (version < 0 || version >= versions.size() || versions.written(version) > now()) {
            violation("node " + node.id + " was given version " + seq + " of " + originIds[origin]
                    + " that its origin had not written");
        }
        int held = node.stored(record);
        boolean store = held != 0 ? seq > Math.abs(held) : !node.seen.contains(origin, seq);
        node.seen.add(origin, seq);
        node.highestSigned[origin] = Math.max(node.highestSigned[origin], seq);
        dissemination.took(node, from, originIds[origin], seq, store, pushed);
        if (!store) {
            return false;
        }
        if (held < 0 && !versions.deletes(version)) {
            violation("record " + record + " came back at node " + node.id + " after its deletion");
        }
        if (held == 0) {
            reach.held(record, node.index, now(), hops);
        }
        node.store(record, seq, versions.deletes(version), hops);
        dissemination.forward(node, version, from, hops);
        return true;
    }

    /** Keeps the first breaches of conservation, and counts them all. */
    private void violation(String what) {
        violationCount++;
        if (violations.size() < 10) {
            violations.add(what);
        }
    }

    /** Notes {@code seq} of {@code origin} as gone at {@code node}, within the bound of §7.2 (GoneRule). */
    void gone(SimNode node, int origin, long seq) {
        if (origin != node.originIndex && seq <= node.highestSigned[origin]) {
            node.seen.add(origin, (int) seq);
        }
    }

    /** One anti-entropy round of {@code node}: the protocol's partners, each caught up with. */
    void antiEntropyRound(SimNode node) {
        if (!node.runsModule) {
            return; // it runs another module, whose records are not simulated
        }
        List<Integer> eligible = new ArrayList<>();
        for (int peer : node.peers) {
            if (nodes[peer].runsModule) {
                eligible.add(peer);
            }
        }
        protocol.partners().round(this, node, eligible, partner -> {
            catchUps++;
            boolean answered = canTalk(node, nodes[partner]);
            peerGraph.contacted(node, nodes[partner], answered);
            return answered && protocol.catchUp().with(this, node, nodes[partner]);
        });
    }
}
