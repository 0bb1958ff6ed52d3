package org.dump.federation.internal.reconcile;

import java.util.List;

/**
 * One part of a reconciliation message: what its sender says of the versions from the end of the previous segment
 * (or the start of the space) up to {@link #upper}. The segments of a message cover the whole space, in order.
 */
sealed interface Segment {

    Bound upper();

    /** Nothing to do here: the range is in step, or was settled. */
    record Skip(Bound upper) implements Segment {
    }

    /** The sender's fingerprint of the range: the receiver answers with its own parts if it differs. */
    record Fingerprint(Bound upper, byte[] value) implements Segment {

        public Fingerprint {
            if (value.length != Fingerprints.SIZE) {
                throw new IllegalArgumentException("a fingerprint has " + Fingerprints.SIZE + " bytes");
            }
        }
    }

    /** Every run the sender holds in the range: the receiver works out the differences. */
    record Runs(Bound upper, List<Run> runs) implements Segment {

        public Runs {
            runs = List.copyOf(runs);
        }
    }

    /**
     * The answer to {@link Runs}: the differences in the range, worked out by this segment's sender. {@code youLack}
     * are versions it holds that the receiver lacks, {@code iLack} versions the receiver listed that it lacks. Claims,
     * not facts: the receiver checks them against its own versions, and nothing is stored without the records'
     * signatures.
     */
    record Differences(Bound upper, List<Run> youLack, List<Run> iLack) implements Segment {

        public Differences {
            youLack = List.copyOf(youLack);
            iLack = List.copyOf(iLack);
        }
    }
}
