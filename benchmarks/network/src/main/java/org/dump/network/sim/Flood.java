package org.dump.network.sim;

import java.util.List;

import org.dump.federation.internal.PushTargets;

/**
 * Flooding, as {@code RecordPush.forward} did before issue 24: a stored version goes at once to every peer that runs
 * its module ({@link PushTargets}) but the one it came from; a peer the push could not reach is paused for
 * {@link Network#ABSENT_PAUSE}.
 */
final class Flood implements Dissemination {

    private final Network network;

    Flood(Network network) {
        this.network = network;
    }

    @Override
    public void forward(SimNode node, int version, SimNode from, int hops) {
        long now = network.now();
        List<SimNode> present = Dissemination.present(network, node);
        String origin = network.originIds[network.versions.origin(version)];
        long bytes = network.scenario.recordBytes() + Network.PUSH_ENVELOPE;
        for (SimNode peer : PushTargets.of(present, p -> p.id, p -> p.runsModule, origin,
                from == null ? null : from.id)) {
            boolean left = network.send(node, peer, bytes, Traffic.Kind.PUSH,
                    () -> network.take(peer, version, node, hops + 1, true));
            if (!left) {
                network.peerGraph.contacted(node, peer, network.canTalk(node, peer)); // as PeerClient notes it
                node.pausedUntil.put(peer.index, now + Network.ABSENT_PAUSE); // "does not answer": nothing for 30 s
            }
        }
    }
}
