package org.dump.network.sim;

/**
 * A protocol run through the scenarios: how anti-entropy compares (protocol 1's summary, the node's before issue 23,
 * or protocol 2's range-based reconciliation of §7.7)
 * and with which peers each round; and whether new records are flooded to every peer or pushed along a gossip tree.
 * Peer exchange is the node's in all.
 */
record Protocol(String name, CatchUp catchUp, PartnerPolicy partners, boolean tree) {

    static final Protocol TODAY = new Protocol("today", new SummaryCatchUp(), PartnerPolicy.EVERY_PEER, false);
    /** Issue 23's node: range-based anti-entropy, and every new record pushed to every peer (flooding). */
    static final Protocol NEW = new Protocol("new", new RangeCatchUp(), PartnerPolicy.WEIGHTED, false);
    /** Issue 24's node: the same anti-entropy, and pushes along a {@code GossipTree} with lazy announcements. */
    static final Protocol GOSSIP = new Protocol("gossip", new RangeCatchUp(), PartnerPolicy.WEIGHTED, true);

    static Protocol named(String name) {
        return switch (name) {
            case "today" -> TODAY;
            case "new", "flood" -> NEW;
            case "gossip" -> GOSSIP;
            default -> throw new IllegalArgumentException("no protocol " + name + " (today, new, gossip)");
        };
    }
}
