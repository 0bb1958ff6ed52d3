package org.dump.network.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dump.federation.PeerOrigin;
import org.dump.federation.internal.PeerChoice;
import org.dump.federation.internal.PeerView;

/**
 * Peer exchange (§7.3, §8) as the node does it: each round a node asks every peer for its peers and keeps them as
 * known nodes (at most 1,000, the newest kept); while it has fewer peers than it wants ({@link PeerChoice}), it says
 * hello to known nodes that run one of its modules, newest first; one that takes it (fewer than its most peers) is a
 * peer of both from then on; one that refuses is tried again after an hour, one that does not answer after ten
 * minutes. A seed is the administrator's choice: its hello is said again until it is taken, as {@code MutualPeering}
 * does. Each node keeps its view by the node's own {@link PeerView}: contacts with peers (peer exchange,
 * anti-entropy) that get no answer are noted, and a failed peer it took by itself is dropped back among its known
 * nodes and replaced at once. The peer it dropped loses it too: on its return its requests are refused, and it drops
 * a peer it took by itself that refuses it, or says hello again to a seed.
 */
final class PeerGraph {

    static final PeerChoice CHOICE = new PeerChoice(3, 16);
    static final int MAX_KNOWN = 1000;
    static final int MAX_INTRODUCTIONS = 100;
    /** An introduction in the answer of §7.3: url, id, key, name and modules. */
    static final int INTRODUCTION_BYTES = 230;
    /** A signed request with the body {@code {}}, and a hello with its answer. */
    static final int REQUEST_BYTES = 400;
    /** A seed that did not take the node is asked again after 10 s, doubling up to 300 s (PeerStanding's defaults). */
    static final double HELLO_AGAIN_FIRST = 10;
    static final double HELLO_AGAIN_MAX = 300;

    /** What became of a hello. */
    private enum Hello { TAKEN, UNANSWERED, REFUSED }

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
        if (node.isPeer(seed.index) || hello(node, seed, PeerOrigin.ADMIN) == Hello.TAKEN) {
            return;
        }
        long wait = EventQueue.seconds(waitSeconds * (0.8 + 0.4 * network.world.nextDouble()));
        network.clock.after(wait, () -> helloUntilTaken(node, seed, Math.min(HELLO_AGAIN_MAX, 2 * waitSeconds)));
    }

    void round(SimNode node) {
        for (int peer : new ArrayList<>(node.peers)) {
            learnFrom(node, network.nodes[peer]);
        }
        dropFailed(node);
        connect(node);
    }

    /** Notes whether {@code peer} answered a contact of {@code node}; a peer that failed is replaced at once. */
    void contacted(SimNode node, SimNode peer, boolean answered) {
        long millis = network.now() / 1000;
        if (answered) {
            node.view.answered(peer.id, millis);
            return;
        }
        int session = node.session;
        switch (node.view.unanswered(peer.id, millis)) {
            case FIRST -> network.clock.after(EventQueue.seconds(node.view.failingFor().toMillis() / 1000.0), () -> {
                if (node.session == session && node.isPeer(peer.index)) {
                    probe(node, peer); // as PeerExchange reads a silent peer's front door once more
                }
            });
            case FAILED -> network.clock.after(0, () -> {
                if (node.session == session) {
                    dropFailed(node);
                    connect(node);
                }
            });
            case AGAIN -> { }
        }
    }

    /** Reads {@code peer}'s front door: an answer, or one more silence. */
    private void probe(SimNode node, SimNode peer) {
        boolean answered = network.canTalk(node, peer);
        if (answered) {
            network.traffic.sent(node, peer.index, REQUEST_BYTES, Traffic.Kind.PEER_EXCHANGE, network.windowNow(),
                    network.now());
        }
        contacted(node, peer, answered);
    }

    private void learnFrom(SimNode node, SimNode peer) {
        // A lost message is not silence: TCP sends it again, and a request fails only when the node is unreachable.
        contacted(node, peer, network.canTalk(node, peer));
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

    /** Moves the peers its view drops back among its known nodes (PeerExchange.dropFailed). */
    private void dropFailed(SimNode node) {
        Map<Integer, PeerView.Drop> drops = node.view.toDrop(new ArrayList<>(node.peers), peer -> network.nodes[peer].id,
                peer -> node.origins.getOrDefault(peer, PeerOrigin.ADMIN), network.now() / 1000);
        for (int dropped : drops.keySet()) {
            SimNode other = network.nodes[dropped];
            unlink(node, other);
            node.learn(dropped, network.now(), MAX_KNOWN);
            node.retryAt.put(dropped, network.now() + EventQueue.seconds(PeerView.RETRY_FAILED_PEER.toSeconds()));
            if (other.origins.get(node.index) == PeerOrigin.ADMIN) {
                // Its administrator's peer refuses it now: it says hello again, until taken (MutualPeering).
                helloUntilTaken(other, node, HELLO_AGAIN_FIRST);
            }
            other.origins.remove(node.index);
            node.origins.remove(dropped);
        }
    }

    private static void unlink(SimNode a, SimNode b) {
        a.peers.remove(Integer.valueOf(b.index));
        b.peers.remove(Integer.valueOf(a.index));
        a.view.forget(b.id);
        b.view.forget(a.id);
    }

    /** Takes known nodes as peers while a module it runs has fewer peers that run it than wanted (PeerExchange.connect). */
    private void connect(SimNode node) {
        Set<String> running = new HashSet<>();
        node.modules.forEach(module -> running.add(module.split("@")[0]));
        List<List<String>> modulesOfPeers = new ArrayList<>();
        // Only peers that answer count: one gone silent is replaced before it has failed.
        node.peers.stream().filter(peer -> node.view.answering(network.nodes[peer].id))
                .forEach(peer -> modulesOfPeers.add(network.nodes[peer].modules));
        PeerChoice.Wants wants = CHOICE.wants(running, modulesOfPeers, node.peers.size());
        if (!wants.any()) {
            return;
        }
        long now = network.now();
        List<Integer> newestFirst = new ArrayList<>(node.known.size());
        for (int known : node.known.keySet()) {
            if (node.retryAt.getOrDefault(known, Long.MIN_VALUE) <= now) {
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
            Hello outcome = hello(node, network.nodes[candidate], PeerOrigin.EXCHANGE);
            if (outcome == Hello.TAKEN) {
                wants.took(network.nodes[candidate].modules);
            }
            node.retryAt.put(candidate, now + EventQueue.seconds((outcome == Hello.UNANSWERED
                    ? PeerView.RETRY_UNANSWERED : PeerView.RETRY_REFUSED).toSeconds()));
        }
    }

    /** @return what {@code other} answered to a hello of {@code node}: when it took it, each is the other's peer */
    private Hello hello(SimNode node, SimNode other, PeerOrigin origin) {
        if (!network.canTalk(node, other)) {
            return Hello.UNANSWERED;
        }
        network.traffic.sent(node, other.index, REQUEST_BYTES, Traffic.Kind.PEER_EXCHANGE, network.windowNow(),
                network.now());
        if (network.lost(node, other, 2, network.world)) {
            return Hello.UNANSWERED;
        }
        if (!CHOICE.takes(other.peers.size())) {
            return Hello.REFUSED;
        }
        node.peers.add(other.index);
        other.peers.add(node.index);
        node.origins.put(other.index, origin);
        other.origins.put(node.index, PeerOrigin.ASKED);
        node.known.remove(other.index);
        other.known.remove(node.index);
        // A new peer is caught up with at once (AntiEntropy.catchUpSoon), for the module both run.
        if (node.runsModule && other.runsModule && network.now() > 0) {
            network.protocol.catchUp().with(network, node, other);
        }
        return Hello.TAKEN;
    }
}
