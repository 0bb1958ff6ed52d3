package org.dump.network.sim;

import java.io.IOException;
import java.util.List;

import org.dump.federation.internal.reconcile.Limits;
import org.dump.federation.internal.reconcile.MalformedReconciliation;
import org.dump.federation.internal.reconcile.Reconciliation;
import org.dump.federation.internal.reconcile.Run;

/**
 * Anti-entropy by range-based reconciliation (§7.7), on the federation's own classes over both nodes' seen sets:
 * the messages go back and forth in memory and are counted as the JSON bodies that carry them (base64 inside
 * {@code {"module":…,"dataVersion":…,"message":…}} and {@code {"message":…}}); then the node asks for what it lacks
 * (answered with records and {@code gone}) and pushes the records it holds that the peer lacks.
 */
final class RangeCatchUp implements CatchUp {

    static final int REQUEST_ENVELOPE = "{\"module\":\"market\",\"dataVersion\":\"1.0.0\",\"message\":\"\"}".length();
    static final int ANSWER_ENVELOPE = "{\"message\":\"\"}".length();
    /** A request for versions: the envelope, then per run its origin and numbers. */
    static final int ASK_ENVELOPE = 60;
    static final int ASK_RUN = 50;

    @Override
    public boolean with(Network network, SimNode node, SimNode peer) {
        Reconciliation.Outcome outcome;
        try {
            var theirs = network.runs.of(peer.seen);
            outcome = Reconciliation.run(network.runs.of(node.seen), Limits.DEFAULT,
                    message -> Reconciliation.answer(theirs, Limits.DEFAULT, message));
        } catch (IOException | MalformedReconciliation e) {
            throw new IllegalStateException("two honest nodes failed to reconcile", e);
        }
        int trips = outcome.roundTrips();
        long sent = base64(outcome.bytesSent()) + (long) trips * REQUEST_ENVELOPE;
        long received = base64(outcome.bytesReceived()) + (long) trips * ANSWER_ENVELOPE;
        long duration = CatchUp.roundTrips(network, node, peer, sent, received, trips);
        if (duration < 0) {
            return false;
        }
        List<Run> weLack = outcome.findings().weLack();
        List<Run> theyLack = outcome.findings().theyLack();
        network.clock.after(duration, () -> settle(network, node, peer, weLack, theyLack));
        return true;
    }

    private static void settle(Network network, SimNode node, SimNode peer, List<Run> weLack, List<Run> theyLack) {
        int recordBytes = network.scenario.recordBytes();
        if (!weLack.isEmpty()) {
            network.send(node, peer, ASK_ENVELOPE + (long) ASK_RUN * weLack.size(), Traffic.Kind.CATCH_UP, () -> {
                Answer answer = Answer.of(network, peer, weLack);
                network.send(peer, node, answer.bytes(recordBytes), Traffic.Kind.CATCH_UP,
                        () -> answer.deliver(network, node, peer));
            });
        }
        if (!theyLack.isEmpty()) {
            Answer offered = Answer.of(network, node, theyLack).recordsOnly();
            if (!offered.isEmpty()) {
                network.send(node, peer, offered.bytes(recordBytes), Traffic.Kind.CATCH_UP,
                        () -> offered.deliver(network, peer, node));
            }
        }
    }

    private static long base64(long bytes) {
        return (bytes + 2) / 3 * 4;
    }
}
