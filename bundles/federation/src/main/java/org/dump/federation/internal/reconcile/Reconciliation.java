package org.dump.federation.internal.reconcile;

import java.io.IOException;
import java.util.List;

/**
 * A reconciliation with one peer, from the side that starts it: messages go back and forth until neither side has
 * more to say, or {@link Limits#rounds} round trips have passed. The transport is the caller's ({@link Exchange}):
 * HTTP in the node, memory in the network simulator; the answering side calls {@link #answer}.
 */
public final class Reconciliation {

    /** Sends a message to the peer and returns its answer; a refusal of the message is one of the exceptions. */
    @FunctionalInterface
    public interface Exchange {
        byte[] send(byte[] message) throws IOException, MalformedReconciliation;
    }

    /**
     * @param findings  what was found: complete unless the round trips ran out or the findings overflowed
     * @param roundTrips the messages sent
     * @param bytesSent  the bytes of the messages sent
     * @param bytesReceived the bytes of the answers
     */
    public record Outcome(Findings findings, int roundTrips, long bytesSent, long bytesReceived) {
    }

    private Reconciliation() {
    }

    /**
     * Reconciles {@code mine} with the peer behind {@code exchange}.
     *
     * @throws MalformedReconciliation if the peer's answer breaks the protocol
     * @throws IOException             if the exchange fails
     */
    public static Outcome run(VersionRuns mine, Limits limits, Exchange exchange) throws IOException,
            MalformedReconciliation {
        Reconciler reconciler = new Reconciler(mine, limits);
        Findings findings = new Findings(limits.findingRuns());
        List<Segment> next = reconciler.initiate();
        int roundTrips = 0;
        long sent = 0;
        long received = 0;
        while (!next.isEmpty()) {
            if (roundTrips == limits.rounds()) {
                findings.unfinished();
                break;
            }
            byte[] message = ReconcileCodec.encode(next);
            byte[] answer = exchange.send(message);
            roundTrips++;
            sent += message.length;
            received += answer.length;
            List<Segment> segments = ReconcileCodec.decode(answer, limits);
            next = segments.isEmpty() ? List.of() : reconciler.respond(segments, findings, true);
        }
        return new Outcome(findings, roundTrips, sent, received);
    }

    /**
     * The answering side: one message in, its answer out. Stateless, so each message can go to any thread.
     *
     * @throws MalformedReconciliation if the message breaks the protocol
     */
    public static byte[] answer(VersionRuns mine, Limits limits, byte[] message) throws MalformedReconciliation {
        List<Segment> segments = ReconcileCodec.decode(message, limits);
        if (segments.isEmpty()) {
            return ReconcileCodec.encode(List.of());
        }
        return ReconcileCodec.encode(new Reconciler(mine, limits).respond(segments, new Findings(0), false));
    }
}
