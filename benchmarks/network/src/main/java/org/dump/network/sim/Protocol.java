package org.dump.network.sim;

/**
 * A protocol run through the scenarios: how anti-entropy compares (today's summary of §7.2, or range-based
 * reconciliation of §7.7) and with which peers each round. Pushes and peer exchange are the node's in both.
 */
record Protocol(String name, CatchUp catchUp, SyncPartners partners) {

    static final Protocol TODAY = new Protocol("today", new SummaryCatchUp(), SyncPartners.EVERY_PEER);
    static final Protocol NEW = new Protocol("new", new RangeCatchUp(), SyncPartners.ONE_AT_RANDOM);
}
