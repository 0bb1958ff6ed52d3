package org.dump.network.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dump.federation.internal.PeerChoice;

/**
 * Peer exchange (§7.3, §8) as the node does it: each round a node asks every peer for its peers and keeps them as
 * known nodes (at most 1,000, the newest kept); while it has fewer peers than it wants ({@link PeerChoice}), it says
 * hello to known nodes that run one of its modules, newest first; one that takes it (fewer than its most peers) is a
 * peer of both from then on, one that does not is tried again after an hour. A seed is the administrator's choice:
 * its hello is said again until it is taken, as {@code MutualPeering} does.
 */
final class PeerGraph {

    static final PeerChoice CHOICE = new PeerChoice(3, 16);
    static final int MAX_KNOWN = 1000;
    static final int MAX_INTRODUCTIONS = 100;
    /** An introduction in the answer of §7.3: url, id, key, name and modules. */
    static final int INTRODUCTION_BYTES = 230;
    /** A signed request with the body {@code {}}, and a hello with its answer. */
    static final int REQUEST_BYTES = 400;
    static final long RETRY_AFTER = EventQueue.seconds(3600);
    /** A seed that did not take the node is asked again after 10 s, doubling up to 300 s (PeerStanding's defaults). */
    static final double HELLO_AGAIN_FIRST = 10;
    static final double HELLO_AGAIN_MAX = 300;

    private final Network network;

    PeerGraph(Network network) {
        this.network = network;
    }

    /** A new node takes its seed peers, as {@code dump:peer-add} does, with a hello each. */
    void seed(SimNode node, List<SimNode> seeds) {
        for (SimNode seed : seeds) {
            if (seed != node) {
                helloUntilTaken(node, seed, HELLO_AGAIN_FIRST);
            }
        }
    }

    /**
     * A seed stays this node's peer when its hello gets no answer or is refused, and is asked again: records flow once
     * it takes the node (before, it refuses the node's requests, so a seed counts as a peer here once taken). Without
     * this, a seed's lost hello left a node of 10,000 with no peer of its module, or none at all.
     */
    private void helloUntilTaken(SimNode node, SimNode seed, double waitSeconds) {
        if (node.isPeer(seed.index) || hello(node, seed)) {
            return;
        }
        long wait = EventQueue.seconds(waitSeconds * (0.8 + 0.4 * network.world.nextDouble()));
        network.clock.after(wait, () -> helloUntilTaken(node, seed, Math.min(HELLO_AGAIN_MAX, 2 * waitSeconds)));
    }

    void round(SimNode node) {
        for (int peer : new ArrayList<>(node.peers)) {
            learnFrom(node, network.nodes[peer]);
        }
        connect(node);
    }

    private void learnFrom(SimNode node, SimNode peer) {
        if (!network.canTalk(node, peer)) {
            return;
        }
        List<Integer> introduced = new ArrayList<>();
        for (int other : peer.peers) {
            if (other != node.index && network.nodes[other].online && introduced.size() < MAX_INTRODUCTIONS) {
                introduced.add(other);
            }
        }
        network.traffic.sent(node, peer.index, REQUEST_BYTES, Traffic.Kind.PEER_EXCHANGE, network.windowNow(),
                network.now());
        network.traffic.sent(peer, node.index, 20 + (long) INTRODUCTION_BYTES * introduced.size(),
                Traffic.Kind.PEER_EXCHANGE, network.windowNow(), network.now());
        if (network.lost(node, peer, 2, network.world)) {
            return;
        }
        for (int other : introduced) {
            if (other != node.index && !node.isPeer(other)) {
                node.learn(other, network.now(), MAX_KNOWN);
            }
        }
    }

    /** Takes known nodes as peers while a module it runs has fewer peers that run it than wanted (PeerExchange.connect). */
    private void connect(SimNode node) {
        Set<String> running = new HashSet<>();
        node.modules.forEach(module -> running.add(module.split("@")[0]));
        List<List<String>> modulesOfPeers = new ArrayList<>();
        node.peers.forEach(peer -> modulesOfPeers.add(network.nodes[peer].modules));
        PeerChoice.Wants wants = CHOICE.wants(running, modulesOfPeers);
        if (!wants.any()) {
            return;
        }
        long now = network.now();
        List<Integer> newestFirst = new ArrayList<>(node.known.size());
        for (int known : node.known.keySet()) {
            Long tried = node.tried.get(known);
            if (tried == null || tried < now - RETRY_AFTER) {
                newestFirst.add(0, known);
            }
        }
        Set<String> peerIds = new HashSet<>();
        node.peers.forEach(peer -> peerIds.add(network.nodes[peer].id));
        for (int candidate : PeerChoice.candidates(newestFirst, known -> network.nodes[known].id,
                known -> network.nodes[known].modules, peerIds, running)) {
            if (!wants.any()) {
                return;
            }
            if (!wants.servedBy(network.nodes[candidate].modules)) {
                continue;
            }
            node.tried.put(candidate, now);
            if (hello(node, network.nodes[candidate])) {
                wants.took(network.nodes[candidate].modules);
            }
        }
    }

    /** @return whether {@code other} took {@code node} as a peer: then each is the other's peer */
    private boolean hello(SimNode node, SimNode other) {
        if (!network.canTalk(node, other)) {
            return false;
        }
        network.traffic.sent(node, other.index, REQUEST_BYTES, Traffic.Kind.PEER_EXCHANGE, network.windowNow(),
                network.now());
        if (network.lost(node, other, 2, network.world) || !CHOICE.takes(other.peers.size())) {
            return false;
        }
        node.peers.add(other.index);
        other.peers.add(node.index);
        node.known.remove(other.index);
        other.known.remove(node.index);
        // A new peer is caught up with at once (AntiEntropy.catchUpSoon), for the module both run.
        if (node.runsModule && other.runsModule && network.now() > 0) {
            network.protocol.catchUp().with(network, node, other);
        }
        return true;
    }
}
