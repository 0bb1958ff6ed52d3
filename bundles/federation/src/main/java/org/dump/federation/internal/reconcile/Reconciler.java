package org.dump.federation.internal.reconcile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One side of range-based set reconciliation over the versions a node has seen of a module (protocol §7.7). Both
 * sides run this class: each message covers the space of versions with segments, and each segment is answered by
 * skipping it (in step), by the fingerprints of its parts (they differ), by the list of runs in it (few runs), or by
 * the differences against a list received. A round in step is one fingerprint each way; d differences take
 * O(d · log n) bytes in O(log n) round trips. The work a message causes is bounded by its size ({@link Limits}),
 * and nothing here changes what the node holds: it only finds differences.
 */
final class Reconciler {

    /** Upper bounds of the bytes each part takes in a written message, to keep within its budget. */
    private static final int BOUND_BYTES = 2 + ReconcileCodec.MAX_ORIGIN_BYTES + 10;
    private static final int RUN_BYTES = 2 + ReconcileCodec.MAX_ORIGIN_BYTES + 20;

    private final VersionRuns mine;
    private final Limits limits;

    Reconciler(VersionRuns mine, Limits limits) {
        this.mine = mine;
        this.limits = limits;
    }

    /** @return the first message of a reconciliation this node starts */
    List<Segment> initiate() {
        if (mine.size() <= limits.listBelow()) {
            return List.of(new Segment.Runs(Bound.END, mine.runs(Bound.MIN, Bound.END)));
        }
        return List.of(new Segment.Fingerprint(Bound.END, mine.fingerprint(Bound.MIN, Bound.END)));
    }

    /**
     * @param incoming  a message of the peer
     * @param findings  where the differences this message reveals go
     * @param initiator whether this node started the reconciliation: it settles lists itself, while the other side
     *                  answers a list with the differences
     * @return the answer; empty if there is nothing more to say
     * @throws MalformedReconciliation if the message breaks the protocol; then nothing of it is kept in findings
     */
    List<Segment> respond(List<Segment> incoming, Findings findings, boolean initiator)
            throws MalformedReconciliation {
        Answer answer = new Answer(limits);
        Findings found = new Findings(Integer.MAX_VALUE);
        Bound lo = Bound.MIN;
        for (Segment segment : incoming) {
            Bound hi = segment.upper();
            if (hi.compareTo(lo) <= 0) {
                throw new MalformedReconciliation("segment bounds must increase: " + lo + " then " + hi);
            }
            if (answer.full()) {
                // Out of room: the rest goes back as one fingerprint, and is taken up in the next round trip.
                answer.add(new Segment.Fingerprint(last(incoming), mine.fingerprint(lo, last(incoming))));
                break;
            }
            if (segment instanceof Segment.Fingerprint fingerprint) {
                compare(lo, hi, fingerprint.value(), answer);
            } else if (segment instanceof Segment.Runs runs) {
                settle(lo, hi, checked(runs.runs(), lo, hi), answer, found, initiator);
            } else if (segment instanceof Segment.Differences differences) {
                List<Run> held = mine.runs(lo, hi);
                List<Run> weLack = RunLists.minus(checked(differences.youLack(), lo, hi), held);
                List<Run> theyLack = RunLists.intersect(checked(differences.iLack(), lo, hi), held);
                found.add(theyLack, weLack);
                answer.skip(hi);
            } else {
                answer.skip(hi);
            }
            lo = hi;
        }
        if (!incoming.isEmpty() && !last(incoming).isEnd()) {
            throw new MalformedReconciliation("a message's segments must reach the end of the space");
        }
        findings.add(found.theyLack(), found.weLack());
        return answer.segments();
    }

    private void compare(Bound lo, Bound hi, byte[] theirs, Answer answer) {
        if (Arrays.equals(mine.fingerprint(lo, hi), theirs)) {
            answer.skip(hi);
        } else if (mine.count(lo, hi) <= limits.listBelow()) {
            List<Run> runs = mine.runs(lo, hi);
            answer.add(new Segment.Runs(hi, runs));
        } else {
            cut(lo, hi, answer);
        }
    }

    private void settle(Bound lo, Bound hi, List<Run> theirs, Answer answer, Findings found, boolean initiator) {
        if (mine.count(lo, hi) > limits.compareBelow() || theirs.size() > limits.compareBelow()) {
            cut(lo, hi, answer); // too many to answer with differences at once
            return;
        }
        List<Run> held = mine.runs(lo, hi);
        List<Run> theyLack = RunLists.minus(held, theirs);
        List<Run> weLack = RunLists.minus(theirs, held);
        found.add(theyLack, weLack);
        if (initiator || theyLack.isEmpty() && weLack.isEmpty()) {
            answer.skip(hi);
        } else {
            answer.add(new Segment.Differences(hi, theyLack, weLack));
        }
    }

    /** Answers {@code [lo, hi)} with the fingerprints of its parts. */
    private void cut(Bound lo, Bound hi, Answer answer) {
        Bound from = lo;
        for (Bound split : mine.splits(lo, hi, limits.branching())) {
            answer.add(new Segment.Fingerprint(split, mine.fingerprint(from, split)));
            from = split;
        }
        answer.add(new Segment.Fingerprint(hi, mine.fingerprint(from, hi)));
    }

    /** @return {@code runs} if they are canonical and within {@code [lo, hi)} */
    private static List<Run> checked(List<Run> runs, Bound lo, Bound hi) throws MalformedReconciliation {
        if (!RunLists.isCanonical(runs)) {
            throw new MalformedReconciliation("runs must be sorted and apart");
        }
        for (Run run : runs) {
            if (!run.within(lo, hi)) {
                throw new MalformedReconciliation("run " + run + " lies outside its segment [" + lo + ", " + hi + ")");
            }
        }
        return runs;
    }

    private static Bound last(List<Segment> segments) {
        return segments.get(segments.size() - 1).upper();
    }

    /** An answer being written: adjacent skips merge, and a message of skips only is no message. */
    private static final class Answer {

        private final List<Segment> segments = new ArrayList<>();
        private final ReconcileCodec.Encoder encoded = new ReconcileCodec.Encoder();
        private final Limits limits;
        /** Room kept for the largest part one segment can add: differences, or the fingerprints of a cut. */
        private final long reserve;
        private Bound skipTo;
        private boolean onlySkips = true;

        Answer(Limits limits) {
            this.limits = limits;
            this.reserve = BOUND_BYTES + Math.max(2L * limits.compareBelow() * RUN_BYTES,
                    (long) limits.branching() * (BOUND_BYTES + 1 + Fingerprints.SIZE));
        }

        void skip(Bound upper) {
            skipTo = upper;
        }

        void add(Segment segment) {
            flushSkip();
            segments.add(segment);
            encoded.segment(segment);
            onlySkips = false;
        }

        /**
         * Whether one more segment could take the answer over its budget in bytes or segments; never before the
         * answer says something, so that every round trip settles something.
         */
        boolean full() {
            return !onlySkips && (encoded.size() + reserve > limits.messageBytes()
                    || segments.size() + limits.branching() + 2 > limits.segments());
        }

        List<Segment> segments() {
            flushSkip();
            return onlySkips ? List.of() : segments;
        }

        private void flushSkip() {
            if (skipTo != null) {
                Segment skip = new Segment.Skip(skipTo);
                segments.add(skip);
                encoded.segment(skip);
                skipTo = null;
            }
        }
    }
}
