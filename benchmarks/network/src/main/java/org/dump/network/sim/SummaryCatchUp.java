package org.dump.network.sim;

/**
 * Today's anti-entropy (§7.2): the node sends its summary, one range list per origin, and the peer answers the
 * records it lacks, in pages of up to 2,000, and the numbers it holds no version of as {@code gone}. The summary's
 * bytes are those of the real request, counted from the seen set.
 */
final class SummaryCatchUp implements CatchUp {

    static final int PAGE = 2000;

    @Override
    public boolean with(Network network, SimNode node, SimNode peer) {
        Answer answer = Answer.difference(network, peer, node);
        int pages = Math.max(1, (answer.records() + PAGE - 1) / PAGE);
        long asked = (long) node.seen.summaryBytes() * pages;
        long answered = answer.bytes(network.scenario.recordBytes());
        long duration = CatchUp.roundTrips(network, node, peer, asked, answered, pages);
        if (duration < 0) {
            return false;
        }
        int session = node.session;
        network.clock.after(duration, () -> {
            if (node.online && node.session == session) {
                answer.deliver(network, node, peer);
            }
        });
        return true;
    }
}
