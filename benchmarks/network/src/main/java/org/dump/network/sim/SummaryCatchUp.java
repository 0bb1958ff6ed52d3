package org.dump.network.sim;

/**
 * Today's anti-entropy (§7.2): the node sends its summary, one range list per origin, and the peer answers the
 * records it lacks, in pages of up to 2,000, and the numbers it holds no version of as {@code gone}. The summary's
 * bytes are those of the real request, counted from the seen set.
 */
final class SummaryCatchUp implements CatchUp {

    static final int PAGE = 2000;

    @Override
    public void with(Network network, SimNode node, SimNode peer) {
        Answer answer = Answer.difference(network, peer, node);
        int pages = Math.max(1, (answer.records() + PAGE - 1) / PAGE);
        long asked = (long) node.seen.summaryBytes() * pages;
        long answered = answer.bytes(network.scenario.recordBytes());
        network.traffic.sent(node, peer.index, asked, Traffic.Kind.CATCH_UP, network.windowNow(), network.now());
        network.traffic.sent(peer, node.index, answered, Traffic.Kind.CATCH_UP, network.windowNow(), network.now());
        if (network.lost(node, peer, 2 * pages)) {
            return;
        }
        long duration = pages * 2 * network.links.latency(node.index, peer.index)
                + (asked + answered) * 1_000_000 / network.links.bandwidth;
        int session = node.session;
        network.clock.after(duration, () -> {
            if (node.online && node.session == session) {
                answer.deliver(network, node, peer);
            }
        });
    }
}
