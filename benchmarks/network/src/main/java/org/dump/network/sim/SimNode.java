package org.dump.network.sim;

import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.dump.federation.PeerOrigin;
import org.dump.federation.internal.GossipTree;
import org.dump.federation.internal.PeerView;
import org.dump.federation.internal.SyncPartners;

/**
 * One node as the simulator holds it: whether it is online, its peers and known nodes, and for the module it may
 * run, what it has seen and the version of each record it stores.
 */
final class SimNode {

    final int index;
    final String id;
    /** Whether it runs the measured module; the others run another module. */
    final boolean runsModule;
    /** The modules it runs, as a front door and peer exchange describe them ({@code id@dataVersion}). */
    final List<String> modules;
    /** Its index among the module's origins, or -1. */
    final int originIndex;
    final SeenSet seen;
    boolean online;
    /** Counts its sessions: events of a session that ended do nothing. */
    int session;
    final List<Integer> peers = new ArrayList<>();
    /** Known nodes, in the order they were last introduced (the newest last), with when. */
    final LinkedHashMap<Integer, Long> known = new LinkedHashMap<>();
    /** Known nodes it tried to take as peers, or dropped, with when they are candidates again (PeerView's waits). */
    final Map<Integer, Long> retryAt = new HashMap<>();
    /** How each peer became one: only those it took by itself are dropped by its view. */
    final Map<Integer, PeerOrigin> origins = new HashMap<>();
    /** Its peer view's memory of unanswered contacts: in memory, so a new session starts afresh. */
    PeerView view = new PeerView();
    /** Peers that did not answer a push, with until when nothing is pushed to them. */
    final Map<Integer, Long> pausedUntil = new HashMap<>();
    /** Whom its anti-entropy picks, under the new protocol: the federation's own choice, seeded from its stream. */
    final SyncPartners partners;
    /** When its upload link is free again. */
    long uplinkFreeAt;
    /** Per record, the sequence number of the version it stores, negative for a deletion, 0 for none. */
    private int[] stored = new int[0];
    /** Per origin, the highest number it has seen signed in a record (what {@code gone} is believed up to). */
    final int[] highestSigned;
    /** Which of its peers are pushed records and which only hear of them (the node's own class). */
    final GossipTree tree;
    /** Per record, the hops the version it stores travelled from its origin. */
    private short[] hops = new short[0];
    /** Its own live records, for deletes. */
    final List<Integer> ownLive = new ArrayList<>();

    /** Its own chance: when it writes, what it deletes, when it comes and goes. */
    final SplittableRandom life;

    SimNode(int index, String id, boolean runsModule, int originIndex, String[] originIds, int history,
            SplittableRandom life) {
        this.life = life;
        this.partners = new SyncPartners(Duration.ofSeconds(30), life.split());
        this.index = index;
        this.id = id;
        this.tree = new GossipTree(id, Gossip.GRAFT_AFTER, Gossip.GRAFT_AGAIN, 10_000);
        this.runsModule = runsModule;
        this.modules = List.of(runsModule ? "market@1.0.0" : "forum@1.0.0");
        this.originIndex = originIndex;
        this.seen = runsModule ? new SeenSet(originIds, history) : null;
        this.highestSigned = runsModule ? new int[originIds.length] : null;
        if (runsModule) {
            Arrays.fill(highestSigned, history);
        }
    }

    /** @return the number of the version of {@code record} it stores, negative for a deletion, 0 for none */
    int stored(int record) {
        return record < stored.length ? stored[record] : 0;
    }

    void store(int record, int seq, boolean deletion, int hopsTravelled) {
        if (record >= stored.length) {
            stored = Arrays.copyOf(stored, Math.max(record + 1, stored.length * 2 + 16));
            hops = Arrays.copyOf(hops, stored.length);
        }
        stored[record] = deletion ? -seq : seq;
        hops[record] = (short) Math.min(Short.MAX_VALUE, hopsTravelled);
    }

    /** @return the hops the version of {@code record} it stores travelled, 0 for its own or none */
    int hops(int record) {
        return record < hops.length ? hops[record] : 0;
    }

    boolean holdsLive(int record) {
        return stored(record) > 0;
    }

    boolean isPeer(int node) {
        return peers.contains(node);
    }

    /** Peer exchange keeps what it is told: the newest introduction moves a known node to the end. */
    void learn(int node, long now, int max) {
        known.remove(node);
        known.put(node, now);
        while (known.size() > max) {
            known.remove(known.keySet().iterator().next());
        }
    }
}
