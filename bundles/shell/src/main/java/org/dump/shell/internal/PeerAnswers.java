package org.dump.shell.internal;

import java.io.PrintStream;

import org.dump.federation.Peer;
import org.dump.federation.PeerAddition;

/** How the peer commands say what a node answered when it was asked to take this node as its peer. */
final class PeerAnswers {

    private PeerAnswers() {
    }

    /** Prints the peer, then on a line of its own whether it took this node, and if not why. */
    static void print(PeerAddition added, PrintStream out) {
        Peer peer = added.peer();
        out.println("Peer " + peer.nodeId() + " (" + peer.name() + ") at " + peer.url() + ", running "
                + (peer.modules().isEmpty() ? "no modules" : String.join(", ", peer.modules())));
        String said = added.note() == null || added.note().isBlank() ? "" : " (it said: " + added.note() + ")";
        out.println(switch (added.mutuality()) {
            case MUTUAL -> "It takes this node as its peer in turn" + said + ".";
            case PENDING -> "It has NOT taken this node as its peer yet: its administrator approves peers by hand"
                    + said + ". This node asks again now and then; records flow once it is approved.";
            case ONE_SIDED -> "It does NOT take this node as its peer: " + added.note() + ". It accepts nothing "
                    + "from this node; this node asks again now and then (dump:peer-list shows the answer).";
            case UNKNOWN -> "It could not be asked to take this node as its peer: " + added.note() + ". This node "
                    + "asks again now and then (dump:peer-list shows the answer).";
        });
    }

    /** @return whether a peer takes this node, in a word or a few, for a table */
    static String takesThisNode(Peer peer) {
        String why = peer.mutualityNote() == null ? "" : ": " + peer.mutualityNote();
        return switch (peer.mutuality()) {
            case MUTUAL -> "yes";
            case PENDING -> "pending approval";
            case ONE_SIDED -> "NO" + why;
            case UNKNOWN -> "not known yet" + why;
        };
    }
}
