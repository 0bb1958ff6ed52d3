package org.dump.network.sim;

/**
 * A protocol run through the scenarios: how anti-entropy compares (protocol 1's summary, the node's before issue 23,
 * or protocol 2's range-based reconciliation of §7.7)
 * and with which peers each round. Pushes and peer exchange are the node's in both.
 */
record Protocol(String name, CatchUp catchUp, PartnerPolicy partners) {

    static final Protocol TODAY = new Protocol("today", new SummaryCatchUp(), PartnerPolicy.EVERY_PEER);
    static final Protocol NEW = new Protocol("new", new RangeCatchUp(), PartnerPolicy.WEIGHTED);
}
