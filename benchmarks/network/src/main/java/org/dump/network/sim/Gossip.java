package org.dump.network.sim;

import java.util.List;

import org.dump.federation.internal.GossipTree;
import org.dump.federation.internal.reconcile.Run;

/**
 * Pushes along each node's {@link GossipTree}, as the node's {@code RecordPush} does since issue 24: a stored version
 * goes at once to the eager peers and is announced to the lazy ones; a push that brought nothing new prunes its link
 * (the answer tells the sender); a node that heard of a version it lacks pulls it from the announcer after
 * {@link #GRAFT_AFTER} ({@code POST /federation/versions} with {@code "graft":true}), which makes that link eager.
 */
final class Gossip implements Dissemination {

    static final long GRAFT_AFTER = GossipTree.GRAFT_AFTER.toNanos() / 1000;
    static final long GRAFT_AGAIN = GossipTree.GRAFT_AGAIN.toNanos() / 1000;
    /** One announcement in a batch of them: origin and a range of numbers ({@code "<id>":[[n,n]]}). */
    static final int ANNOUNCEMENT_BYTES = 80;
    /** A graft: a signed request for versions of one origin, with {@code "graft":true}. */
    static final int GRAFT_BYTES = 450;

    private final Network network;

    Gossip(Network network) {
        this.network = network;
    }

    /** The tree learns what the link brought. */
    @Override
    public void took(SimNode node, SimNode from, String origin, int seq, boolean fresh, boolean pushed) {
        node.tree.have(origin, seq);
        if (from == null || !pushed) {
            return;
        }
        if (node.tree.pushed(from.id, origin, seq, fresh)) {
            // The answer to the push says "prune": the sender hears it one latency later.
            network.clock.after(network.links.latency(node.index, from.index), () -> from.tree.pruned(node.id, origin));
        }
    }

    /** Pushed to the eager peers, announced to the lazy ones. */
    @Override
    public void forward(SimNode node, int version, SimNode from, int hops) {
        String origin = network.originIds[network.versions.origin(version)];
        int seq = network.versions.sequence(version);
        List<SimNode> present = Dissemination.present(network, node).stream().filter(peer -> peer.runsModule)
                .toList();
        GossipTree.Routes<SimNode> routes = node.tree.route(present, peer -> peer.id, origin,
                from == null ? null : from.id);
        int recordBytes = network.scenario.recordBytes() + Network.PUSH_ENVELOPE;
        for (SimNode peer : routes.eager()) {
            if (!network.send(node, peer, recordBytes, Traffic.Kind.PUSH,
                    () -> network.take(peer, version, node, hops + 1, true))) {
                network.peerGraph.contacted(node, peer, network.canTalk(node, peer)); // as PeerClient notes it
                node.pausedUntil.put(peer.index, network.now() + Network.ABSENT_PAUSE);
            }
        }
        for (SimNode peer : routes.lazy()) {
            if (!network.send(node, peer, ANNOUNCEMENT_BYTES, Traffic.Kind.ANNOUNCE,
                    () -> announced(peer, node, origin, seq))) {
                network.peerGraph.contacted(node, peer, network.canTalk(node, peer));
            }
        }
    }

    private void announced(SimNode node, SimNode from, String origin, int seq) {
        if (node.seen.contains(network.originOf(origin), seq)) {
            return;
        }
        node.tree.announced(from.id, origin, seq, network.now());
        int session = node.session;
        long wait = Math.max(0, node.tree.nextDue() - network.now());
        network.clock.after(wait + 1, () -> due(node, session));
    }

    /** Pulls what {@code node} heard of and still lacks from its announcers. */
    private void due(SimNode node, int session) {
        if (node.session != session) {
            return;
        }
        for (GossipTree.Graft graft : node.tree.due(network.now(),
                (origin, seq) -> node.seen.contains(network.originOf(origin), seq))) {
            SimNode announcer = network.moduleNode(graft.peer());
            network.send(node, announcer, GRAFT_BYTES, Traffic.Kind.GRAFT, () -> {
                announcer.tree.grafted(node.id, graft.origin());
                Answer answer = Answer.of(network, announcer,
                        List.of(new Run(graft.origin(), graft.sequence(), graft.sequence())));
                network.send(announcer, node, answer.bytes(network.scenario.recordBytes()), Traffic.Kind.GRAFT,
                        () -> answer.deliver(network, node, announcer, true));
            });
            network.clock.after(GRAFT_AGAIN + 1, () -> due(node, session));
        }
    }
}
